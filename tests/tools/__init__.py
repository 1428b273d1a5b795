"""The tool in process: the builders called directly (test_kind_*.py, builder
level), the sync, the checks, and the command line through CliRunner. The
end-to-end runs are in tests/scaffolding."""
