"""Check 3: every class and port the spec names imports."""

from dataclasses import dataclass, field

from add_adapter.introspection.discovery import is_protocol_class
from add_adapter.introspection.project_imports import describe_exception, import_object
from add_adapter.specification.model import SPEC_DISPLAY_NAME, Component, Spec


@dataclass(frozen=True)
class ResolvedComponent:
    """A spec entry with the classes it names, where they imported."""

    index: int
    component: Component
    cls: type | None
    ports: dict[str, type | None]

    @property
    def label(self) -> str:
        """`components[3] (SqlaUserReader)`, as messages name an entry."""
        return f"components[{self.index}] ({self.component.class_name})"


@dataclass
class Resolution:
    """Every spec entry resolved, and what failed to import."""

    components: list[ResolvedComponent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def resolve_components(spec: Spec) -> Resolution:
    """Import each entry's class and ports; each failure is one problem that
    names the entry, the dotted path and the error."""
    resolution = Resolution()
    for index, component in enumerate(spec.components):
        label = f"{SPEC_DISPLAY_NAME}: components[{index}] ({component.class_name})"
        cls = _import_class(
            component.dotted_path, f"{label}: cannot import", resolution
        )
        ports = {
            port: _import_class(port, f"{label}: cannot import port", resolution)
            for port in component.implements
        }
        for port, port_class in ports.items():
            if port_class is not None and not is_protocol_class(port_class):
                resolution.problems.append(
                    f"{label}: port {port} is not a typing.Protocol "
                    "(declare it as `class Name(Protocol):`)"
                )
        resolution.components.append(ResolvedComponent(index, component, cls, ports))
    return resolution


def _import_class(
    dotted_path: str, failure_prefix: str, resolution: Resolution
) -> type | None:
    try:
        imported = import_object(dotted_path)
    except Exception as error:  # a module may raise anything while importing
        resolution.problems.append(
            f"{failure_prefix} {dotted_path}: {describe_exception(error)}"
        )
        return None
    if not isinstance(imported, type):
        resolution.problems.append(f"{failure_prefix} {dotted_path}: it is not a class")
        return None
    return imported
