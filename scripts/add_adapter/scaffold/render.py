"""Render: the files of an addition from the scaffolding templates (Jinja2)."""

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES_PATH = Path(__file__).resolve().parent.parent / "templates"


def render_template(name: str, **context: Any) -> str:
    return _environment().get_template(f"scaffold/{name}.jinja").render(**context)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_PATH),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
