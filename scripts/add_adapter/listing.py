"""`list`: the wiring as a table a person can scan."""

from typing import NamedTuple

from add_adapter.naming import split_dotted
from add_adapter.spec import Component, Spec

NO_PORT = "-"


class WiringRow(NamedTuple):
    """One binding (or use case) as shown by `list`."""

    port: str
    adapter: str
    scope: str
    kind: str
    files: str


HEADER = WiringRow("PORT", "ADAPTER", "SCOPE", "KIND", "FILES")


def wiring_rows(spec: Spec) -> list[WiringRow]:
    """One row per port binding, sorted by port (short name, then full path),
    then one row per use case, sorted by class name."""
    bindings = sorted(
        (
            (split_dotted(port)[1], port, c.class_name, c.scope, c.kind, _files(c))
            for c in spec.adapters
            for port in c.implements
        ),
    )
    use_cases = sorted(
        (c.class_name, c.scope, c.kind, _files(c)) for c in spec.use_cases
    )
    return [
        WiringRow(port, adapter, scope.value, kind.value, files)
        for port, _, adapter, scope, kind, files in bindings
    ] + [
        WiringRow(NO_PORT, adapter, scope.value, kind.value, files)
        for adapter, scope, kind, files in use_cases
    ]


def _files(component: Component) -> str:
    """The class's source file, and its test when the scaffolder wrote one."""
    code = component.code_path or "src/" + component.module.replace(".", "/") + ".py"
    return ", ".join([code, *([component.test_path] if component.test_path else [])])


def format_table(rows: list[WiringRow]) -> str:
    """Left-aligned columns separated by two spaces, under a header."""
    table = [HEADER, *rows]
    widths = [max(len(row[column]) for row in table) for column in range(len(HEADER))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in table
    )
