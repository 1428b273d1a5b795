"""Check 4: each adapter implements its ports, and says so in its bases."""

from collections.abc import Iterator

from add_adapter.checks.resolution import ResolvedComponent
from add_adapter.checks.signatures import compare_members, member_kind
from add_adapter.introspection.discovery import is_protocol_class


def conformance_problems(resolved: list[ResolvedComponent]) -> list[str]:
    """One message per missing or incompatible member, and per adapter whose
    class statement does not name its port."""
    problems: list[str] = []
    for entry in resolved:
        if entry.cls is None:
            continue
        for port in entry.ports.values():
            if port is not None and is_protocol_class(port):
                problems.extend(adapter_problems(entry.cls, port))
    return problems


def adapter_problems(adapter: type, port: type) -> Iterator[str]:
    """How `adapter` fails to implement the Protocol `port`."""
    if port not in adapter.__bases__:
        yield (
            f"{adapter.__name__} does not name {port.__name__} among its bases: "
            "add it to the class statement so mypy checks the implementation too"
        )
    prefix = f"{adapter.__name__} does not implement {port.__name__}"
    for name, port_member in protocol_members(port).items():
        adapter_member = implementation(adapter, name)
        if adapter_member is None:
            if not declares_attribute(adapter, name):
                yield f"{prefix}: {member_kind(port_member)} '{name}' is missing"
            continue
        for mismatch in compare_members(name, port_member, adapter_member):
            yield f"{prefix}: {mismatch}"


def protocol_members(port: type) -> dict[str, object]:
    """Public methods and properties declared in `port` and its Protocol
    bases (the nearest declaration wins); plain data attributes, private names
    and dunders are left out."""
    members: dict[str, object] = {}
    for cls in reversed(port.__mro__):
        if not is_protocol_class(cls) or cls.__module__ == "typing":
            continue
        for name, value in vars(cls).items():
            if not name.startswith("_") and member_kind(value) != "attribute":
                members[name] = value
    return members


def implementation(adapter: type, name: str) -> object | None:
    """The adapter's own definition of `name`: the first in its MRO that is
    not a Protocol's stub (a subclass of a Protocol inherits the stubs)."""
    for cls in adapter.__mro__:
        if cls is object or is_protocol_class(cls):
            continue
        if name in vars(cls):
            member: object = vars(cls)[name]
            return member
    return None


def declares_attribute(adapter: type, name: str) -> bool:
    """Whether the adapter annotates `name` as a data attribute (a dataclass
    field, say), which satisfies a read-only property of the port."""
    return any(
        name in vars(cls).get("__annotations__", {})
        for cls in adapter.__mro__
        if cls is not object and not is_protocol_class(cls)
    )
