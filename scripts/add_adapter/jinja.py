"""The one Jinja2 environment of the tool. `sync` renders its modules from
sync/templates/ by bare name (`ports_provider.py.jinja`); the scaffolder renders
a kind's files from scaffold/kinds/<kind>/templates/ by the kind's folder and
the name (`cache/redis_cache.py.jinja`), the partials several kinds include
living in scaffold/kinds/shared/templates/ (`shared/_owned.jinja`)."""

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

PACKAGE_PATH = Path(__file__).resolve().parent
SYNC_TEMPLATES = PACKAGE_PATH / "sync" / "templates"
KINDS_PATH = PACKAGE_PATH / "scaffold" / "kinds"


def render(template: str, **context: Any) -> str:
    """The template named `template` (see the module docstring), filled."""
    return environment().get_template(template).render(**context)


def _kind_template_folders() -> dict[str, Path]:
    """Each kind folder's name and its templates/ folder."""
    return {
        folder.name: folder / "templates"
        for folder in sorted(KINDS_PATH.iterdir())
        if (folder / "templates").is_dir()
    }


@cache
def environment() -> jinja2.Environment:
    by_kind = {
        name: jinja2.FileSystemLoader(templates)
        for name, templates in _kind_template_folders().items()
    }
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(SYNC_TEMPLATES), jinja2.PrefixLoader(by_kind)]
        ),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
