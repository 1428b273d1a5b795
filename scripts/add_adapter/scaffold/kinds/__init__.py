"""One module per kind of adapter: each turns a request into an `Addition`."""
