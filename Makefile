.PHONY: run test sync check

run:
	python3 scripts/dev.py serve

test:
	python3 scripts/dev.py test

sync:
	.venv/bin/python scripts/add-adapter sync

check:
	.venv/bin/python scripts/add-adapter check
