"""Adapters that implement the application and domain ports with real technology."""
