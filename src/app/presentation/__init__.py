"""Delivery mechanisms; HTTP only for now."""
