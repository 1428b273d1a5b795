"""Each kind lives in one folder, scaffold/kinds/<kind>/, with its builder and
its templates; the one Jinja environment finds a kind's templates by the folder's
name and sync's by their bare names."""

import inspect
from pathlib import Path

import jinja2.meta
import pytest

from add_adapter.jinja import KINDS_PATH, SYNC_TEMPLATES, environment
from add_adapter.scaffold.builders import builder_for
from add_adapter.scaffold.request import AdapterKind


def _template_names() -> list[str]:
    kind_templates = [
        f"{path.parent.parent.name}/{path.name}"
        for path in sorted(KINDS_PATH.glob("*/templates/*.jinja"))
    ]
    return [path.name for path in sorted(SYNC_TEMPLATES.glob("*.jinja"))] + (
        kind_templates
    )


@pytest.mark.parametrize("kind", list(AdapterKind))
def test_every_kind_has_a_builder_in_its_folder(kind: AdapterKind) -> None:
    builder = builder_for(kind)

    module_path = Path(inspect.getfile(builder))
    assert module_path.name == "builder.py"
    assert module_path.parent.parent == KINDS_PATH


@pytest.mark.parametrize("name", _template_names())
def test_every_template_loads_with_what_it_includes(name: str) -> None:
    env = environment()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)

    referenced = jinja2.meta.find_referenced_templates(env.parse(source))

    for included in referenced:
        assert included is not None, f"{name} includes a computed name"
        env.get_template(included)
    env.get_template(name)


def test_sync_templates_live_with_sync_and_kind_templates_with_their_kind() -> None:
    names = _template_names()

    assert "ports_provider.py.jinja" in names
    assert "cache/redis_cache.py.jinja" in names
    assert "shared/_owned.jinja" in names
