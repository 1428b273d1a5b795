"""End to end: `scripts/add-adapter` run as a command on a copy of the
repository, then the copy's own gates and tests. The builder-level tests are
tests/tools/test_kind_*.py."""
