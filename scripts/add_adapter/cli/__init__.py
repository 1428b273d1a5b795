"""The command line of `scripts/add-adapter` (see app.py): thin commands that
parse flags, call the scaffolder, the sync or a report, and print the result."""
