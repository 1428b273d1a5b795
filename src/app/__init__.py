"""The service, in onion layers: domain, application, infrastructure, presentation."""
