"""Adding and removing spec entries while keeping the file's layout."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from add_adapter.scaffold.manifest import ReplacedEntry
from add_adapter.specification.model import (
    Component,
    Spec,
    decode_spec_json,
    parse_spec,
    read_spec_json,
    validate_spec,
)


@dataclass(frozen=True)
class WrittenSpec:
    """A spec as it is written to setup/spec.json, and what it holds."""

    text: str
    spec: Spec


@dataclass
class SpecDocument:
    """setup/spec.json decoded once and edited in place: entries keep their
    layout as written (one port as a string, a key left out as in the file)."""

    raw: dict[str, Any]

    @classmethod
    def read(cls, path: Path) -> "SpecDocument":
        return cls(read_spec_json(path))

    def validated(self) -> Spec:
        return validate_spec(self.raw)

    def add(self, components: list[Component]) -> None:
        """Each component added, or replacing the entry of its class name."""
        entries: list[dict[str, Any]] = self.raw["components"]
        for component in components:
            data = component_json(component)
            position = _position(entries, component.class_name)
            if position is None:
                entries.append(data)
            else:
                entries[position] = data

    def take_out(self, module: str, class_name: str) -> ReplacedEntry:
        """The entry of `module.class_name` removed, as written with where it
        was (for `put_back`)."""
        entries: list[dict[str, Any]] = self.raw["components"]
        position = next(
            i
            for i, e in enumerate(entries)
            if e.get("class_name") == class_name and e.get("module") == module
        )
        names = [e.get("class_name") for e in entries]
        return ReplacedEntry(
            position,
            entries.pop(position),
            after=names[position - 1] if position > 0 else None,
            before=names[position + 1] if position + 1 < len(names) else None,
        )

    def written(self) -> WrittenSpec:
        """The text to write, validated: a spec that would not load is never
        written."""
        text = json.dumps(self.raw, indent=2, ensure_ascii=False) + "\n"
        return WrittenSpec(text, self.validated())


def component_json(component: Component) -> dict[str, Any]:
    data = component.model_dump(mode="json", exclude_defaults=True)
    for one_or_many in ("implements", "when"):
        if len(data.get(one_or_many, [])) == 1:
            data[one_or_many] = data[one_or_many][0]
    return data


def with_components(spec_text: str, components: list[Component]) -> str:
    """The spec with each component added, or replacing the entry of the same
    class name."""
    document = SpecDocument(decode_spec_json(spec_text))
    document.add(components)
    return document.written().text


def without_component(spec_text: str, class_name: str) -> str:
    raw = json.loads(spec_text)
    raw["components"] = [
        c for c in raw["components"] if c.get("class_name") != class_name
    ]
    return _dump(raw)


def without_condition(spec_text: str, class_name: str) -> str:
    """The spec with the entry of `class_name` bound always."""
    raw = json.loads(spec_text)
    for entry in raw["components"]:
        if entry.get("class_name") == class_name:
            entry.pop("when", None)
    return _dump(raw)


def take_out(spec_text: str, module: str, class_name: str) -> tuple[str, ReplacedEntry]:
    """The spec without the entry of `module.class_name`, and that entry as
    written with where it was (for `put_back`)."""
    document = SpecDocument(decode_spec_json(spec_text))
    entry = document.take_out(module, class_name)
    return document.written().text, entry


def put_back(spec_text: str, entry: ReplacedEntry) -> str:
    """The spec with an entry `take_out` took, where it was: before the entry
    that followed it, else after the one that preceded it, else at its
    position."""
    raw = json.loads(spec_text)
    entries: list[dict[str, Any]] = raw["components"]
    names = [e.get("class_name") for e in entries]
    if entry.before is not None and entry.before in names:
        position = names.index(entry.before)
    elif entry.after is not None and entry.after in names:
        position = names.index(entry.after) + 1
    else:
        position = min(entry.position, len(entries))
    entries.insert(position, entry.component)
    return _dump(raw)


def bound_ports(spec_text: str) -> dict[str, str]:
    """Port -> the class name of the entry binding it."""
    raw = json.loads(spec_text)
    return {
        port: entry.get("class_name", "")
        for entry in raw["components"]
        for port in ports_of(entry)
    }


def ports_of(entry: dict[str, Any]) -> list[str]:
    implements = entry.get("implements", [])
    return [implements] if isinstance(implements, str) else list(implements)


def _position(entries: list[dict[str, Any]], class_name: str) -> int | None:
    return next(
        (i for i, e in enumerate(entries) if e.get("class_name") == class_name), None
    )


def _dump(raw: dict[str, Any]) -> str:
    text = json.dumps(raw, indent=2, ensure_ascii=False) + "\n"
    parse_spec(text)  # never write a spec that would not load
    return text


SPEC_RELATIVE = Path("setup/spec.json")
