"""Entities, value objects, domain errors and the ports the domain itself needs.

Imports nothing outside the standard library and this package.
"""
