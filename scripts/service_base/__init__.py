"""A service of its own from this base (`scripts/dev.py new`), and the base's
later improvements taken into it (`scripts/dev.py update`).

Standard library and git only: `new` runs on a fresh clone, before any
virtual environment exists. The nouns: the *base* (this repository), its
*demo* (the aggregates `demo.toml` lists, left out of a new service), a
*service* (what `new` writes) and its *record* (`.service-base.json`: the
base's source and commit it was made from).
"""
