"""Reports over the spec: the `list` table and the `graph` of bindings."""
