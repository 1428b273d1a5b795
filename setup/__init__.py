"""Composition root: configuration, IoC providers, the app factory and entry points."""
