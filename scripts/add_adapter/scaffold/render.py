"""Render: the files of an addition from the templates of each kind's folder
(scaffold/kinds/<kind>/templates/)."""

from typing import Any

from add_adapter.jinja import render


def render_template(name: str, **context: Any) -> str:
    """`name` is the kind's folder and the file: `cache/redis_cache.py`."""
    return render(f"{name}.jinja", **context)
