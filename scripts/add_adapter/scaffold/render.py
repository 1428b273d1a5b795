"""Render: the files of an addition from the scaffolding templates
(templates/scaffold/)."""

from typing import Any

from add_adapter.jinja import render


def render_template(name: str, **context: Any) -> str:
    return render(f"scaffold/{name}.jinja", **context)
