"""Scaffolding: turning one request (flags or a seed JSON item) into the files,
spec entries, tests and migration of a new capability."""
