"""Starting a process (the app, the worker, `setup.cli migrate`): the
database is created when it is missing and migrated, and a failure is told
in at most three lines, without a traceback."""
