"""The one Jinja2 environment of the tool, over scripts/add_adapter/templates:
`sync` renders its modules from the top of it, the scaffolder its files from
templates/scaffold/."""

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES_PATH = Path(__file__).resolve().parent / "templates"


def render(template: str, **context: Any) -> str:
    """The template at `template` (relative to the templates folder), filled."""
    return _environment().get_template(template).render(**context)


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
