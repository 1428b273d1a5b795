"""Adding and removing spec entries while keeping the file's layout."""

import json
from pathlib import Path
from typing import Any

from add_adapter.spec import Component, parse_spec


def component_json(component: Component) -> dict[str, Any]:
    data = component.model_dump(mode="json", exclude_defaults=True)
    if len(data.get("implements", [])) == 1:
        data["implements"] = data["implements"][0]
    return data


def with_components(spec_text: str, components: list[Component]) -> str:
    """The spec with each component added, or replacing the entry of the same
    class name."""
    raw = json.loads(spec_text)
    entries: list[dict[str, Any]] = raw["components"]
    for component in components:
        data = component_json(component)
        position = _position(entries, component.class_name)
        if position is None:
            entries.append(data)
        else:
            entries[position] = data
    return _dump(raw)


def without_component(spec_text: str, class_name: str) -> str:
    raw = json.loads(spec_text)
    raw["components"] = [
        c for c in raw["components"] if c.get("class_name") != class_name
    ]
    return _dump(raw)


def _position(entries: list[dict[str, Any]], class_name: str) -> int | None:
    return next(
        (i for i, e in enumerate(entries) if e.get("class_name") == class_name), None
    )


def _dump(raw: dict[str, Any]) -> str:
    text = json.dumps(raw, indent=2, ensure_ascii=False) + "\n"
    parse_spec(text)  # never write a spec that would not load
    return text


SPEC_RELATIVE = Path("setup/spec.json")
