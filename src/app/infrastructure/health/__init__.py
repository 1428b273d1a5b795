"""Readiness probes of the backing services other than the database."""
