.PHONY: run test sync check lock

run:
	python3 scripts/dev.py serve

test:
	python3 scripts/dev.py test

sync:
	.venv/bin/python scripts/add-adapter sync

check:
	.venv/bin/python scripts/add-adapter check

# Rewrites the locked installs from pyproject.toml (see README, Locked
# installs); add --upgrade (or --upgrade-package NAME) to move to newer versions.
lock:
	.venv/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet -o requirements/runtime.txt $(UV_ARGS)
	.venv/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes --quiet -o requirements/dev.txt $(UV_ARGS)
