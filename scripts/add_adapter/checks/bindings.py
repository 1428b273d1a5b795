"""Checks 5-7: every port has exactly one binding (in every combination of
the settings its conditional bindings name) and every use case is listed."""

from collections import defaultdict
from collections.abc import Collection

from add_adapter.checks.resolution import ResolvedComponent
from add_adapter.introspection.discovery import dotted_name
from add_adapter.specification.conditions import every_combination, holds, summarize
from add_adapter.specification.model import SPEC_DISPLAY_NAME


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


def port_binding_problems(
    resolved: list[ResolvedComponent], gaps_allowed: Collection[str] = ()
) -> tuple[list[str], list[str]]:
    """Problems and notes: each port that more than one spec entry binds at
    once (in some combination of settings, or always), and each port left
    without a binding in some combination, naming the entries and the
    combinations. A gap of a port in `gaps_allowed` (dotted paths) is a note:
    the scaffolder passes the ports it writes with only a conditional
    binding, whose other adapter cannot exist before the port does."""
    binders: dict[object, list[ResolvedComponent]] = defaultdict(list)
    shown_as: dict[object, str] = {}
    for entry in resolved:
        for path, cls in entry.ports.items():
            key: object = cls if cls is not None else path
            shown_as.setdefault(key, path)
            binders[key].append(entry)
    problems: list[str] = []
    notes: list[str] = []
    for key, entries in binders.items():
        if not any(entry.component.when for entry in entries):
            if len(entries) > 1:
                problems.append(
                    f"port {shown_as[key]} is bound by {len(entries)} components: "
                    f"{_and_list([entry.label for entry in entries])}"
                )
            continue
        port = shown_as[key]
        overlaps, gap = _conditional_problems(port, entries)
        problems.extend(overlaps)
        if gap is not None:
            (notes if port in gaps_allowed else problems).append(gap)
    return problems, notes


def _conditional_problems(
    port: str, entries: list[ResolvedComponent]
) -> tuple[list[str], str | None]:
    """Overlaps and the gap (if any) of a port some of whose bindings have
    conditions, found by trying every combination of the settings they name
    (2^k for the k settings of this port's bindings only)."""
    settings = sorted({c.setting for e in entries for c in e.component.when})
    overlaps: dict[tuple[str, ...], list[dict[str, bool]]] = defaultdict(list)
    gaps: list[dict[str, bool]] = []
    for combination in every_combination(settings):
        bound = [e.label for e in entries if holds(e.component, combination)]
        if not bound:
            gaps.append(combination)
        elif len(bound) > 1:
            overlaps[tuple(bound)].append(combination)
    problems = [
        f"port {port} is bound by {len(labels)} components "
        f"{_when(combinations)}: {_and_list(list(labels))} "
        "(exactly one may be bound in each combination of settings)"
        for labels, combinations in overlaps.items()
    ]
    if not gaps:
        return problems, None
    # Every entry has conditions here: an unconditional one leaves no gap.
    bound_when = "; ".join(
        f"{e.label} is bound only with {e.component.condition_text}" for e in entries
    )
    return problems, f"port {port} has no binding {_when(gaps)}: {bound_when}"


def _when(combinations: list[dict[str, bool]]) -> str:
    """`with A set`, `with A set, B unset or with A unset, B set`, `always`."""
    described = summarize(combinations)
    if described == [""]:
        return "always"
    return " or ".join(f"with {text}" for text in described)


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
