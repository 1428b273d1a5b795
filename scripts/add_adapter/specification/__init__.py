"""The spec (setup/spec.json): its model, the names it uses, its schema, the
vocabulary of kinds, layers and scopes, the conditions bindings depend on, and
the errors a spec that does not validate raises."""
