"""Adapters of a port whose methods the kind fixes (caches, message
publishers, file storages): the port when it is new (a documented Protocol),
the adapter on the kind's technology, an in-memory twin, one contract test
of the port run against both, and a test of the adapter alone (its service
unreachable). Each kind's builder (cache/, message_publisher/,
file_storage/) describes each technology it offers with a `FixedPortKind`.

A port has one adapter in each combination of settings. A second adapter
may join a port's adapters when the two are never bound at once: by its own
`--when`/`--unless`, or by its technology's setting (`bound_when_set`: an S3
file storage, where S3_BUCKET_URL is set). It then adds only itself and its
test; the port, the in-memory twin and the contract test stay."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from add_adapter.naming import snake_case, split_dotted
from add_adapter.scaffold.addition import Addition, twin_entry
from add_adapter.scaffold.batch import (
    Batch,
    module_of,
    port_stem,
    without_interface_prefix,
)
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.kinds.shared.ports import (
    PortMethod,
    PortShape,
    planned_ports,
    read_port,
)
from add_adapter.scaffold.packages import ensure_package, ensure_packages
from add_adapter.scaffold.prose import format_docstring
from add_adapter.scaffold.render import render_template
from add_adapter.scaffold.request import (
    AdapterRequest,
    Method,
    Parameter,
    check_port_path,
    split_outside_brackets,
)
from add_adapter.scaffold.twins import double_module, ensure_doubles_package
from add_adapter.specification.conditions import exclusive
from add_adapter.specification.model import Component, SettingCondition
from add_adapter.specification.vocabulary import Kind

ADAPTERS_PACKAGE = "app.infrastructure.adapters"
CONTRACT_TESTS = Path("tests/contracts")
ADAPTER_TESTS = Path("tests/integration/adapters")


@dataclass(frozen=True)
class FixedMethod:
    """A method of the port, as the templates write it."""

    name: str
    parameters: str
    """After `self`, defaults included: `key: str, ttl_seconds: int | None = None`."""
    returns: str

    def port_method(self) -> PortMethod:
        """The method as a later request of the batch (a pipeline step calling
        the port) sees it."""
        parameters = [p for p in split_outside_brackets(self.parameters, ",") if p]
        parsed = tuple(
            Parameter(
                text.partition(":")[0].strip(),
                text.partition(":")[2].partition("=")[0].strip(),
            )
            for text in parameters
        )
        return PortMethod(
            Method(self.name, parsed, self.returns),
            is_async=True,
            required=sum("=" not in text for text in parameters),
            source=self.parameters,
        )


@dataclass(frozen=True)
class FixedPortKind:
    """What one kind writes; templates are those of the folder named
    `template` (the port's role: `cache`, see scaffold/kinds/cache/), named
    after it and after `adapter_template` (technology and role: `redis_cache`)."""

    spec_kind: Kind
    noun: str
    """`cache`, as messages name the kind."""
    default_port: str
    methods: tuple[FixedMethod, ...]
    template: str
    adapter_template: str
    technology: str
    """`Redis`, as messages name what the adapter runs on."""
    technology_id: str
    """`redis`: how `--technology` (and the templates) name it."""
    adapter_prefix: str
    """How adapter class names start: `Redis` in `RedisCache`."""
    port_doc: Callable[[str], str]
    """The port's docstring from the purpose (the description, or a default)."""
    purpose: str
    """What the port is for, when the request gives no description."""
    summary: Callable[[str], str]
    """The adapter's one-line description from the port class name."""
    class_doc: Callable[[str, str], str]
    """The adapter's docstring from the class and port class names."""
    in_memory_doc: Callable[[str], str]
    note: Callable[[str], str]
    """What to know about the addition, from the adapter's class name."""
    bound_when_set: str | None = None
    """The setting an adapter of this technology is bound on when it joins
    other adapters of its port (`S3_BUCKET_URL`); None: it never joins."""

    @property
    def method_names(self) -> tuple[str, ...]:
        return tuple(method.name for method in self.methods)


def choose_technology(
    request: AdapterRequest, technologies: tuple[FixedPortKind, ...]
) -> FixedPortKind:
    """The technology the request names (`--technology`); the first one by
    default."""
    if request.technology is None:
        return technologies[0]
    for kind in technologies:
        if kind.technology_id == request.technology:
            return kind
    offered = ", ".join(kind.technology_id for kind in technologies)
    raise ScaffoldError(
        request.where("technology"),
        f"a {technologies[0].noun} is made on {offered}; "
        f"'{request.technology}' is not one of them",
    )


def build_fixed_port_adapter(
    request: AdapterRequest, batch: Batch, kind: FixedPortKind
) -> Addition:
    addition = Addition(request.class_name)
    _refuse_extras(request, kind)
    port = check_port_path(
        request.port or kind.default_port, request.where("implements")
    )
    port_module, port_class = split_dotted(port)
    in_memory_class = f"InMemory{without_interface_prefix(port_class)}"
    _refuse_taken_names(request, kind, port_class, in_memory_class)
    contract_test = CONTRACT_TESTS / f"test_{port_stem(port_class)}.py"
    joined = _adapters_joined(request, batch, kind, port, contract_test)
    if joined:
        _check_existing(request, read_port(batch, port), kind)
    else:
        _add_port(request, batch, addition, kind, port)
    module = module_of(request.class_name, ADAPTERS_PACKAGE)
    in_memory_module = double_module(in_memory_class)
    context = {
        "class_name": request.class_name,
        "module": module,
        "port_module": port_module,
        "port_class": port_class,
        "in_memory_class": in_memory_class,
        "in_memory_module": in_memory_module,
        "technology": kind.technology_id,
        "key_prefix": f"{port_stem(port_class)}:",
        "module_doc": format_docstring(_module_doc(request, kind, port_class), 0),
        "class_doc": format_docstring(
            kind.class_doc(request.class_name, port_class), 4
        ),
        "in_memory_doc": format_docstring(kind.in_memory_doc(port_class), 4),
    }
    index = batch.index
    code_path = index.module_path(module)
    batch.claim(code_path, addition.owner, request.where("class_name"))
    addition.add(
        code_path,
        render_template(f"{kind.template}/{kind.adapter_template}.py", **context),
    )
    if not joined:
        _add_twin_and_contract(request, batch, addition, kind, context, contract_test)
    for directory in (ADAPTER_TESTS.parent, ADAPTER_TESTS):
        ensure_package(batch, addition, directory)
    adapter_test = ADAPTER_TESTS / f"test_{snake_case(request.class_name)}.py"
    batch.claim(adapter_test, addition.owner, request.where("class_name"))
    addition.add(
        adapter_test,
        render_template(f"{kind.template}/{kind.adapter_template}_test.py", **context),
    )
    addition.bind(
        request,
        port,
        (module, code_path, adapter_test),
        kind=kind.spec_kind,
        summary=kind.summary(port_class),
        when=_conditions(kind, joined),
    )
    if not joined:
        addition.stand_in = twin_entry(
            in_memory_class,
            in_memory_module,
            batch.index.module_path(in_memory_module),
            port,
            request.class_name,
        ).model_copy(update={"kind": kind.spec_kind})
    addition.notes.append(kind.note(request.class_name))
    if joined:
        addition.notes.append(
            _joined_note(request.class_name, kind, port_class, joined, contract_test)
        )
    return addition


def _conditions(
    kind: FixedPortKind, joined: list[Component]
) -> tuple[SettingCondition, ...]:
    """`when` for an adapter joining others (none for a port's only one)."""
    if not joined or kind.bound_when_set is None:
        return ()
    return (SettingCondition(setting=kind.bound_when_set),)


def _add_twin_and_contract(
    request: AdapterRequest,
    batch: Batch,
    addition: Addition,
    kind: FixedPortKind,
    context: dict[str, str],
    contract_test: Path,
) -> None:
    in_memory_path = batch.index.module_path(context["in_memory_module"])
    ensure_doubles_package(batch, addition)
    batch.claim(in_memory_path, addition.owner, request.where("implements"))
    addition.add(
        in_memory_path,
        render_template(f"{kind.template}/in_memory_{kind.template}.py", **context),
    )
    ensure_package(batch, addition, CONTRACT_TESTS)
    batch.claim(contract_test, addition.owner, request.where("implements"))
    addition.add(
        contract_test,
        render_template(f"{kind.template}/{kind.template}_contract_test.py", **context),
    )


def _joined_note(
    class_name: str,
    kind: FixedPortKind,
    port_class: str,
    joined: list[Component],
    contract_test: Path,
) -> str:
    others = " and ".join(c.class_name for c in joined)
    return (
        f"{port_class} is also implemented by {others}: {class_name} is bound "
        f"where {kind.bound_when_set} is set; the port, its twin and "
        f"{contract_test.as_posix()} stay as they are: add {class_name} to the "
        "contract test's implementations to run the contract on it too"
    )


def _refuse_extras(request: AdapterRequest, kind: FixedPortKind) -> None:
    """The template fixes the methods and the settings: methods may only be
    named (a seed listing them), never added or changed."""
    if request.config:
        raise ScaffoldError(
            request.where("config"),
            f"a {kind.noun} takes no config: it uses the shared {kind.technology} "
            "settings of setup/config.py",
        )
    for position, method in enumerate(request.methods):
        if method.name not in kind.method_names:
            raise ScaffoldError(
                request.where(f"methods[{position}].method_name"),
                f"a {kind.noun} has the methods {', '.join(kind.method_names)}; "
                f"'{method.name}' is not one of them",
            )


def _refuse_taken_names(
    request: AdapterRequest, kind: FixedPortKind, port_class: str, in_memory_class: str
) -> None:
    if request.class_name in (port_class, in_memory_class):
        role = "port" if request.class_name == port_class else "in-memory twin"
        raise ScaffoldError(
            request.where("class_name"),
            f"{request.class_name} is the name of the {role}; name the adapter "
            "after its technology and port, e.g. "
            f"{kind.adapter_prefix}{without_interface_prefix(port_class)}",
        )


def _adapters_joined(
    request: AdapterRequest,
    batch: Batch,
    kind: FixedPortKind,
    port: str,
    contract_test: Path,
) -> list[Component]:
    """The other adapters of the port this one joins (none for a port of its
    own). A port has one adapter in each combination of settings (its
    contract test names them): another one, in the spec or earlier in this
    batch, is refused unless the two are never bound at once: this one's
    `--when`/`--unless`, or else its technology's own setting (an S3 storage
    is bound where S3_BUCKET_URL is set), against the other's `when`."""
    planner = batch.planned_paths.get(contract_test)
    if planner is not None and planner != request.class_name:
        raise ScaffoldError(
            request.where("implements"),
            f"{port} is already implemented by {planner}; a port has one adapter: "
            "name another port (--port, or implements)",
        )
    others = [
        c
        for c in batch.spec.adapters
        if port in c.implements and c.class_name != request.class_name
    ]
    when = request.when or _conditions(kind, others)
    clashing = [c for c in others if not exclusive(c.when, when)]
    if not clashing:
        return others
    name = clashing[0].class_name
    if kind.bound_when_set is not None and not request.when and not clashing[0].when:
        setting = kind.bound_when_set
        raise ScaffoldError(
            request.where("implements"),
            f"{port} is bound to {name} always; {request.class_name} would be "
            f"bound where {setting} is set: first give {name} "
            f'"when": {{"setting": "{setting}", "set": false}} in setup/spec.json',
        )
    raise ScaffoldError(
        request.where("implements"),
        f"{port} is already implemented by {name}; a port has one adapter: "
        "name another port (--port, or implements), or bind this one only "
        f"while {name} is not (--when, --unless)",
    )


def _add_port(
    request: AdapterRequest,
    batch: Batch,
    addition: Addition,
    kind: FixedPortKind,
    port: str,
) -> None:
    """The port from the kind's template when it is new (or was generated);
    a hand-written one must declare exactly the kind's methods."""
    module, port_class = split_dotted(port)
    where = request.where("implements")
    if batch.index.defines_class(port) and not batch.is_generated(
        batch.index.module_path(module)
    ):
        _check_existing(request, read_port(batch, port), kind)
        return
    others = [
        name for name in batch.index.class_methods(module) if name != port_class
    ] + [
        shape.class_name
        for shape in planned_ports(batch).values()
        if shape.module == module and shape.class_name != port_class
    ]
    if others:
        raise ScaffoldError(
            where,
            f"{module} already holds {others[0]}; give {port_class} a module of "
            f"its own, e.g. {module.rpartition('.')[0]}.{port_stem(port_class)}."
            f"{port_class}",
        )
    batch.port_is_new(port, addition.owner, where)
    path = batch.index.module_path(module)
    ensure_packages(batch, addition, path.parent)
    # The port says what it is for; the request's description is the
    # adapter's (its module docstring), which may name its technology.
    purpose = kind.purpose
    addition.add(
        path,
        render_template(
            f"{kind.template}/{kind.template}_port.py",
            port_class=port_class,
            port_doc=format_docstring(kind.port_doc(purpose), 4),
        ),
    )
    planned_ports(batch)[port] = PortShape(
        port,
        tuple(method.port_method() for method in kind.methods),
        imports={port_class: f"from {module} import {port_class}"},
    )


def _check_existing(
    request: AdapterRequest, shape: PortShape, kind: FixedPortKind
) -> None:
    where = request.where("implements")
    expected = ", ".join(f"{m.name}({m.parameters})" for m in kind.methods)
    declared = set(shape.method_names)
    if declared != set(kind.method_names):
        has = ", ".join(shape.method_names) or "no methods"
        raise ScaffoldError(
            where,
            f"{shape.path} declares {has}; the {kind.noun} template implements "
            f"exactly {expected}: name a new port, or one with these methods",
        )
    for fixed in kind.methods:
        found = shape.method(fixed.name)
        names = [p.name for p in fixed.port_method().method.parameters]
        if found is None or not found.is_async or found.is_property:
            raise ScaffoldError(
                where, f"{shape.path}.{fixed.name} is not an async method"
            )
        if [p.name for p in found.method.parameters] != names:
            raise ScaffoldError(
                where,
                f"{shape.path}.{fixed.name} takes ({found.parameters_source}); "
                f"the {kind.noun} template implements {fixed.name}"
                f"({fixed.parameters})",
            )


def _module_doc(request: AdapterRequest, kind: FixedPortKind, port_class: str) -> str:
    summary = kind.summary(port_class)
    if request.description and request.description != summary:
        return f"{summary}\n\n{request.description}"
    return summary
