"""Dishka providers.

Generated from setup/spec.json by `scripts/add-adapter sync`: domain.py,
application.py, use_cases.py and adapter_configs.py here, and
setup/adapter_settings.py beside them.
Hand-written: resources.py (objects built from settings), activation.py,
registry.py, and a module of providers for each aggregate with settings of its
own.
"""
