"""Test doubles of the ports: in-memory stand-ins the app never binds,
which tests use where the real adapter is beside the point."""
