"""Composition of event consumption: which handler each event goes to
(subscriptions.py lists them), how a handler is run for a message, and the
background tasks of the app and the worker."""
