"""Checks 5-7: every port has exactly one binding and every use case is
listed."""

from collections import defaultdict

from add_adapter.checks.discovery import dotted_name
from add_adapter.checks.resolution import ResolvedComponent
from add_adapter.spec import SPEC_DISPLAY_NAME


def unbound_port_problems(
    ports: list[type], resolved: list[ResolvedComponent]
) -> list[str]:
    """Each Protocol found in the code that no spec entry implements. A port is
    matched by identity when it imported (so re-exports count) and by dotted
    path otherwise."""
    bound_classes = {
        id(cls) for entry in resolved for cls in entry.ports.values() if cls
    }
    bound_paths = {path for entry in resolved for path in entry.ports}
    return [
        f"port {dotted_name(port)} has no binding in {SPEC_DISPLAY_NAME}"
        for port in ports
        if id(port) not in bound_classes and dotted_name(port) not in bound_paths
    ]


def double_binding_problems(resolved: list[ResolvedComponent]) -> list[str]:
    """Each port that more than one spec entry implements, naming all of them."""
    binders: dict[object, list[ResolvedComponent]] = defaultdict(list)
    shown_as: dict[object, str] = {}
    for entry in resolved:
        for path, cls in entry.ports.items():
            key: object = cls if cls is not None else path
            shown_as.setdefault(key, path)
            binders[key].append(entry)
    return [
        f"port {shown_as[key]} is bound by {len(entries)} components: "
        f"{_and_list([entry.label for entry in entries])}"
        for key, entries in binders.items()
        if len(entries) > 1
    ]


def unlisted_use_case_problems(
    use_cases: list[type], resolved: list[ResolvedComponent]
) -> list[str]:
    """Each use-case class in the code that the spec does not list as a
    use_case entry."""
    listed = {
        id(entry.cls) for entry in resolved if entry.component.is_use_case and entry.cls
    }
    return [
        f"use case {dotted_name(use_case)} is not listed in {SPEC_DISPLAY_NAME} "
        "(add it as a component of kind 'use_case')"
        for use_case in use_cases
        if id(use_case) not in listed
    ]


def _and_list(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
