"""Dishka providers.

Generated from setup/spec.json: domain.py, application.py, use_cases.py.
Hand-written: resources.py (objects built from settings) and registry.py.
"""
