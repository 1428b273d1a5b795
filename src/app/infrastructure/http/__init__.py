"""Runtime support for adapters that call other services' JSON HTTP APIs."""
