"""`list`: the wiring as a table a person can scan."""

from collections.abc import Sequence
from typing import NamedTuple

from add_adapter.naming import split_dotted
from add_adapter.specification.model import Component, Spec

NO_PORT = "-"
ALWAYS = "always"
"""The WHEN of a binding without conditions."""


class WiringRow(NamedTuple):
    """One binding (or use case) as shown by `list`. `when` is the condition
    of a conditional binding, `always` for the others, and None (no WHEN
    column) when the spec has no conditions."""

    port: str
    adapter: str
    scope: str
    kind: str
    when: str | None
    files: str

    def cells(self) -> tuple[str, ...]:
        return tuple(cell for cell in self if cell is not None)


HEADER = WiringRow("PORT", "ADAPTER", "SCOPE", "KIND", "WHEN", "FILES")


def wiring_rows(spec: Spec) -> list[WiringRow]:
    """One row per port binding, sorted by port (short name, then full path),
    then one row per use case, sorted by class name."""
    conditional = bool(spec.condition_settings)
    bindings = sorted(
        (
            (split_dotted(port)[1], port, c.class_name, c.scope, c.kind, c)
            for c in spec.adapters
            for port in c.implements
        ),
        key=lambda row: (row[0], row[1], row[2], row[5].module),
    )
    use_cases = sorted(spec.use_cases, key=lambda c: (c.class_name, c.module))
    return [
        WiringRow(
            port,
            adapter,
            scope.value,
            kind.value,
            (c.condition_text or ALWAYS) if conditional else None,
            _files(c),
        )
        for port, _, adapter, scope, kind, c in bindings
    ] + [
        WiringRow(
            NO_PORT,
            c.class_name,
            c.scope.value,
            c.kind.value,
            ALWAYS if conditional else None,
            _files(c),
        )
        for c in use_cases
    ]


def _files(component: Component) -> str:
    """The class's source file, and its test when the scaffolder wrote one."""
    code = component.code_path or "src/" + component.module.replace(".", "/") + ".py"
    return ", ".join([code, *([component.test_path] if component.test_path else [])])


def format_table(rows: Sequence[WiringRow]) -> str:
    """Left-aligned columns separated by two spaces, under a header; the WHEN
    column only if the rows have one."""
    with_when = any(row.when is not None for row in rows)
    header = HEADER if with_when else HEADER._replace(when=None)
    table = [header.cells(), *(row.cells() for row in rows)]
    widths = [max(len(row[column]) for row in table) for column in range(len(table[0]))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in table
    )
