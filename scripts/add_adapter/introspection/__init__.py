"""Reading the project's own code: importing its modules as the app would, and
finding the ports and adapters in them. Used by `sync` to register adapters and
by `check` to compare the code with the spec."""
