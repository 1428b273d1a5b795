"""Auto-registration: adapters the spec does not list yet get an entry.

An adapter names its port in its class statement
(``class SqlaUserReader(UserReader):``), so the port is read from the
class itself. A class is registered only when that leaves every port with
exactly one adapter; anything ambiguous is reported and left to the user.
A class whose constructor takes the port it implements wraps another
adapter of it (a Dishka ``decorate``, such as a caching reader): it is
never a binding, so it is neither registered nor reported.
"""

import inspect
import json
import typing
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from add_adapter.files import write_atomically
from add_adapter.introspection.discovery import (
    dotted_name,
    find_ports,
    is_protocol_class,
    scan_packages,
)
from add_adapter.introspection.project_imports import activate_project
from add_adapter.naming import is_within
from add_adapter.paths import IN_MEMORY_PACKAGE, Project
from add_adapter.specification.model import Spec, parse_spec
from add_adapter.specification.vocabulary import PORT_PACKAGES, Kind, Layer, Scope

INFRASTRUCTURE_PACKAGE = "app.infrastructure"
AUTH_PACKAGE = "app.infrastructure.auth"

# The kind an adapter gets from its port's name; first match wins.
KIND_BY_PORT_SUFFIX: tuple[tuple[str, Kind], ...] = (
    ("DataMapper", Kind.DATA_MAPPER),
    ("Reader", Kind.READER),
    ("Repository", Kind.REPOSITORY),
    ("TransactionManager", Kind.TRANSACTION_MANAGER),
    ("Flusher", Kind.FLUSHER),
    ("IdentityProvider", Kind.IDENTITY_PROVIDER),
    ("AccessRevoker", Kind.ACCESS_REVOKER),
    ("SessionIssuer", Kind.SESSION_ISSUER),
    ("PasswordHasher", Kind.PASSWORD_HASHER),
    ("IdGenerator", Kind.ID_GENERATOR),
    ("HealthProbe", Kind.HEALTH_PROBE),
    ("Gateway", Kind.HTTP_CLIENT),
    ("Client", Kind.HTTP_CLIENT),
    ("Cache", Kind.CACHE),
    ("Publisher", Kind.MESSAGE_PUBLISHER),
    ("Storage", Kind.FILE_STORAGE),
    ("Step", Kind.PIPELINE_STEP),
)


@dataclass(frozen=True)
class Registration:
    """One adapter added to the spec."""

    adapter: str
    ports: tuple[str, ...]
    kind: Kind
    scope: Scope


@dataclass(frozen=True)
class Registrations:
    added: list[Registration]
    ambiguities: list[str]


def register_unlisted_adapters(project: Project, spec: Spec) -> Registrations:
    """Add every unlisted, unambiguous adapter to the spec file."""
    activate_project(project)
    scan = scan_packages((*PORT_PACKAGES, INFRASTRUCTURE_PACKAGE))
    ports = {dotted_name(port): port for port in find_ports(scan)}
    listed = {component.dotted_path for component in spec.components}
    bound = {port: c.dotted_path for c in spec.components for port in c.implements}
    candidates = _unlisted_adapters(scan.modules, ports, listed)
    modules = {module.__name__: module for module in scan.modules}

    claims: dict[str, list[str]] = defaultdict(list)
    for adapter, adapter_ports in candidates.items():
        for port in adapter_ports:
            claims[port].append(adapter)
    ambiguities: list[str] = []
    added: list[Registration] = []
    for adapter, adapter_ports in sorted(candidates.items()):
        problems = [
            _ambiguity(adapter, port, bound.get(port), claims[port])
            for port in adapter_ports
            if port in bound or len(claims[port]) > 1
        ]
        if problems:
            ambiguities.extend(problems)
            continue
        cls = _import_class(modules, adapter)
        added.append(
            Registration(
                adapter=adapter,
                ports=adapter_ports,
                kind=_kind_of(adapter_ports),
                scope=_scope_of(cls),
            )
        )
    if added:
        _append_to_spec(project, spec, added, modules)
    return Registrations(added=added, ambiguities=sorted(set(ambiguities)))


def _unlisted_adapters(
    modules: list[Any], ports: dict[str, type], listed: set[str]
) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for module in modules:
        if not is_within(module.__name__, INFRASTRUCTURE_PACKAGE):
            continue
        # In-process twins are bound by their own entries, on the condition
        # that leaves their port without its adapter; never found unlisted.
        if is_within(module.__name__, IN_MEMORY_PACKAGE):
            continue
        for value in vars(module).values():
            if not isinstance(value, type) or value.__module__ != module.__name__:
                continue
            if is_protocol_class(value) or dotted_name(value) in listed:
                continue
            named = tuple(
                dotted_name(base)
                for base in value.__bases__
                if dotted_name(base) in ports
            )
            if named and not _wraps_its_port(value, named):
                found[dotted_name(value)] = named
    return found


def _wraps_its_port(cls: type, ports: tuple[str, ...]) -> bool:
    """Whether a constructor parameter is annotated with a port the class
    implements: the inner adapter of a decorator."""
    try:
        hints = typing.get_type_hints(vars(cls).get("__init__"))
    except (NameError, TypeError):
        return False
    return any(
        isinstance(hint, type) and dotted_name(hint) in ports
        for name, hint in hints.items()
        if name != "return"
    )


def _ambiguity(
    adapter: str, port: str, bound_by: str | None, claimants: list[str]
) -> str:
    if bound_by is not None:
        return (
            f"not registered: {adapter} implements {port}, "
            f"which the spec already binds to {bound_by}"
        )
    others = ", ".join(sorted(c for c in claimants if c != adapter))
    return f"not registered: {adapter} and {others} both implement {port}; add one"


def _kind_of(ports: tuple[str, ...]) -> Kind:
    names = [port.rpartition(".")[2] for port in ports]
    for suffix, kind in KIND_BY_PORT_SUFFIX:
        if any(name.endswith(suffix) for name in names):
            return kind
    return Kind.ADAPTER


def _scope_of(cls: type) -> Scope:
    # Without constructor arguments nothing ties the adapter to a request;
    # with them, request scope is the safe choice (it may use app-scoped
    # objects, never the other way round).
    # A class without an __init__ of its own shows its Protocol's
    # (*args, **kwargs): those are not dependencies.
    parameters = [
        parameter
        for parameter in inspect.signature(cls).parameters.values()
        if parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
    ]
    return Scope.APP if not parameters else Scope.REQUEST


def _import_class(modules: dict[str, Any], dotted: str) -> type:
    module_name, _, class_name = dotted.rpartition(".")
    cls: type = getattr(modules[module_name], class_name)
    return cls


def _append_to_spec(
    project: Project, spec: Spec, added: list[Registration], modules: dict[str, Any]
) -> None:
    raw = json.loads(project.spec_path.read_text(encoding="utf-8"))
    for registration in added:
        module_name, _, class_name = registration.adapter.rpartition(".")
        cls = _import_class(modules, registration.adapter)
        layer = (
            Layer.INFRASTRUCTURE_AUTH
            if is_within(module_name, AUTH_PACKAGE)
            else Layer.INFRASTRUCTURE_ADAPTER
        )
        ports: str | list[str] = (
            registration.ports[0]
            if len(registration.ports) == 1
            else list(registration.ports)
        )
        raw["components"].append(
            {
                "class_name": class_name,
                "module": module_name,
                "layer": layer.value,
                "kind": registration.kind.value,
                "implements": ports,
                "scope": registration.scope.value,
                "description": _summary(cls),
            }
        )
    text = json.dumps(raw, indent=2, ensure_ascii=False) + "\n"
    parse_spec(text)  # never write a spec that would not load
    write_atomically(project.spec_path, text)


def _summary(cls: type) -> str:
    # The class's own docstring only: inspect.getdoc would inherit the port's.
    return (cls.__doc__ or "").strip().split("\n", 1)[0]
