"""`sync`: registers the adapters the spec does not list yet, renders the
modules generated from the spec, formats them with the project's ruff and
writes the ones that changed."""
