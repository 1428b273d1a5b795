"""Dishka providers.

Generated from setup/spec.json by `scripts/add-adapter sync`: domain.py,
application.py, use_cases.py and adapter_configs.py here, and
setup/adapter_settings.py beside them.
Hand-written: resources.py (objects built from settings), catalog.py and
orders.py (the demo's providers), activation.py and registry.py.
"""
