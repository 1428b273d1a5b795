"""The port an adapter implements: written as a Protocol when it is new, read
from its source when it exists (never imported, like the rest of the index).

Also what every generated module needs to name a port's types: the import
each annotation needs.
"""

import ast
import re
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from add_adapter.naming import snake_case, split_dotted
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch, without_interface_prefix
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.packages import ensure_packages
from add_adapter.scaffold.prose import format_docstring, technology_named
from add_adapter.scaffold.render import render_template
from add_adapter.scaffold.request import AdapterRequest, Method, Parameter
from add_adapter.scaffold.shadowing import shadowed, signature, uses_builtins

BUILTIN_TYPES = frozenset(
    {
        "None",
        "bool",
        "bytes",
        "dict",
        "float",
        "frozenset",
        "int",
        "list",
        "object",
        "set",
        "str",
        "tuple",
        "type",
    }
)
"""Names an annotation may use without an import."""

KNOWN_IMPORTS: dict[str, str] = {
    "datetime": "from datetime import datetime",
    "date": "from datetime import date",
    "time": "from datetime import time",
    "timedelta": "from datetime import timedelta",
    "Decimal": "from decimal import Decimal",
    "UUID": "from uuid import UUID",
    "Mapping": "from collections.abc import Mapping",
    "Sequence": "from collections.abc import Sequence",
    "Iterable": "from collections.abc import Iterable",
    "PipelineContext": "from app.application.common.pipeline import PipelineContext",
    "Page": "from app.application.common.pagination import Page",
    "Pagination": "from app.application.common.pagination import Pagination",
    "SortOrder": "from app.application.common.pagination import SortOrder",
}
"""Imports of the standard and shared types annotations commonly use."""

DOMAIN_TYPE_PACKAGES = ("app.domain.entities", "app.domain.value_objects")
"""Where an annotation's other names are looked for."""

_NAME = re.compile(r"[A-Za-z_][\w.]*")


@dataclass(frozen=True)
class PortMethod:
    """A method of a port, as an adapter or a fake has to write it."""

    method: Method
    is_async: bool = True
    required: int = 0
    """How many parameters have no default."""
    is_property: bool = False
    source: str = ""
    """The parameters after `self` exactly as the port writes them (defaults,
    `*`), when read from source."""
    referenced: tuple[str, ...] = ()
    """Every name the signature uses (annotations and defaults)."""

    @property
    def parameters_source(self) -> str:
        if self.source or not self.method.parameters:
            return self.source
        return ", ".join(f"{p.name}: {p.annotation}" for p in self.method.parameters)

    @property
    def names(self) -> tuple[str, ...]:
        if self.referenced:
            return self.referenced
        annotations = [p.annotation for p in self.method.parameters]
        return tuple(
            n
            for a in [*annotations, self.method.return_type]
            for n in annotation_names(a)
        )


@dataclass(frozen=True)
class PortShape:
    """What a port declares, and the imports its annotations rely on."""

    path: str
    methods: tuple[PortMethod, ...]
    attributes: tuple[Parameter, ...] = ()
    imports: dict[str, str] = field(default_factory=dict)
    """Local name -> import line, for every name the port module binds."""

    @property
    def module(self) -> str:
        return split_dotted(self.path)[0]

    @property
    def class_name(self) -> str:
        return split_dotted(self.path)[1]

    def method(self, name: str) -> PortMethod | None:
        return next((m for m in self.methods if m.method.name == name), None)

    @property
    def method_names(self) -> tuple[str, ...]:
        return tuple(m.method.name for m in self.methods)


_PLANNED: dict[int, dict[str, PortShape]] = {}


def planned_ports(batch: Batch) -> dict[str, PortShape]:
    """The ports earlier requests of this batch generate, by dotted path, so
    that a later request (a pipeline step calling a new client's port) can
    use them before they exist on disk."""
    key = id(batch)
    if key not in _PLANNED:
        _PLANNED[key] = {}
        weakref.finalize(batch, _PLANNED.pop, key, None)
    return _PLANNED[key]


def add_port_if_new(
    request: AdapterRequest,
    batch: Batch,
    addition: Addition,
    methods: tuple[Method, ...],
    docstring: str,
    *,
    attributes: tuple[Parameter, ...] = (),
    method_doc: Callable[[Method], str] | None = None,
) -> tuple[PortMethod, ...]:
    """Plan `request.port` as a Protocol module when the scaffolder generates
    it (it does not exist, or an earlier run generated it) and `methods` are
    given; otherwise read the existing port, which must have every method
    `methods` names. Returns the methods an adapter of the port implements:
    all of them, also those of an existing port the request did not name."""
    port = request.port
    if port is None:
        raise ScaffoldError(
            request.where("implements"), "the port to implement is missing"
        )
    methods = tuple(strict_method(method) for method in methods)
    module, port_class = split_dotted(port)
    path = batch.index.module_path(module)
    planned = planned_ports(batch).get(port)
    if planned is not None and batch.planned_paths.get(path) != addition.owner:
        return _existing(request, planned, methods)
    _refuse_shared_module(request, batch, addition, port)
    is_new = batch.port_is_new(port, addition.owner, request.where("implements"))
    if not is_new or (not methods and batch.index.defines_class(port)):
        return _existing(request, read_port(batch, port), methods)
    if not methods:
        raise ScaffoldError(
            request.where("methods"),
            f"port {port} does not exist and no methods are given",
        )
    imports = annotation_imports(
        batch,
        [
            *((a.annotation, request.where("attributes")) for a in attributes),
            *_method_annotations(request, methods),
        ],
    )
    describe = method_doc or default_method_doc
    hidden = shadowed([m.name for m in methods])
    ensure_packages(batch, addition, path.parent)
    addition.add(
        path,
        render_template(
            "shared/port.py",
            port_class=port_class,
            docstring=format_docstring(docstring, 4),
            attributes=attributes,
            methods=[
                (
                    signature(m, hidden),
                    format_docstring(port_method_doc(m, describe), 8),
                )
                for m in methods
            ],
            imports=imports,
            builtins=uses_builtins([signature(m, hidden) for m in methods]),
        ),
    )
    shape = PortShape(
        port,
        tuple(PortMethod(m, True, len(m.parameters)) for m in methods),
        attributes,
        {**_import_map(imports), port_class: f"from {module} import {port_class}"},
    )
    planned_ports(batch)[port] = shape
    return shape.methods


def _refuse_shared_module(
    request: AdapterRequest, batch: Batch, addition: Addition, port: str
) -> None:
    """A generated port module holds one port: writing a second new port into
    a module another port is (or is being) generated in would replace it."""
    module, port_class = split_dotted(port)
    path = batch.index.module_path(module)
    others = [
        shape.class_name
        for shape in planned_ports(batch).values()
        if shape.module == module and shape.class_name != port_class
    ]
    if batch.is_generated(path) and not batch.index.defines_class(port):
        others += [
            name for name in batch.index.class_methods(module) if name != port_class
        ]
    if others:
        own_module = snake_case(without_interface_prefix(port_class))
        suggestion = f"{module.rpartition('.')[0]}.{own_module}.{port_class}"
        raise ScaffoldError(
            request.where("implements"),
            f"{module} already holds the generated port {others[0]}; "
            f"give {port_class} a module of its own, e.g. {suggestion}",
        )


def _existing(
    request: AdapterRequest, shape: PortShape, requested: tuple[Method, ...]
) -> tuple[PortMethod, ...]:
    for position, method in enumerate(requested):
        if shape.method(method.name) is None:
            has = ", ".join(shape.method_names) or "no methods"
            raise ScaffoldError(
                request.where(f"methods[{position}].method_name"),
                f"{shape.path} has no method '{method.name}' (it has: {has})",
            )
    return shape.methods


def find_port(batch: Batch, port: str) -> PortShape | None:
    """The port as this batch will leave it: planned, else on disk."""
    planned = planned_ports(batch).get(port)
    if planned is not None:
        return planned
    if not batch.index.defines_class(port):
        return None
    return read_port(batch, port)


def read_port(batch: Batch, port: str) -> PortShape:
    """The methods and attributes of an existing port class, from source."""
    module, class_name = split_dotted(port)
    tree = _parse(batch, module)
    node = next(
        n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name
    )
    methods, attributes = [], []
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            if item.name.startswith("_"):
                continue
            methods.append(_port_method(item))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            attributes.append(Parameter(item.target.id, ast.unparse(item.annotation)))
    return PortShape(
        port, tuple(methods), tuple(attributes), _module_imports(tree, module)
    )


def _port_method(node: ast.FunctionDef | ast.AsyncFunctionDef) -> PortMethod:
    arguments = node.args
    positional = [*arguments.posonlyargs, *arguments.args][1:]  # without self
    every = [*positional, *arguments.kwonlyargs]
    parameters = tuple(
        Parameter(a.arg, ast.unparse(a.annotation) if a.annotation else "object")
        for a in every
    )
    defaults = len(arguments.defaults) + sum(
        d is not None for d in arguments.kw_defaults
    )
    returns = ast.unparse(node.returns) if node.returns else "None"
    docstring = ast.get_docstring(node)
    is_property = any(
        isinstance(d, ast.Name) and d.id == "property" for d in node.decorator_list
    )
    without_self = ast.arguments(
        posonlyargs=arguments.posonlyargs[1:] if arguments.posonlyargs else [],
        args=arguments.args if arguments.posonlyargs else arguments.args[1:],
        vararg=arguments.vararg,
        kwonlyargs=arguments.kwonlyargs,
        kw_defaults=arguments.kw_defaults,
        kwarg=arguments.kwarg,
        defaults=arguments.defaults,
    )
    referenced = [
        _root_name(n)
        for part in (arguments, node.returns)
        if part is not None
        for n in ast.walk(part)
        if isinstance(n, ast.Name | ast.Attribute)
    ]
    return PortMethod(
        Method(
            node.name,
            parameters,
            returns,
            docstring.splitlines()[0] if docstring else None,
        ),
        is_async=isinstance(node, ast.AsyncFunctionDef),
        required=len(parameters) - defaults,
        is_property=is_property,
        source=ast.unparse(without_self),
        referenced=tuple(dict.fromkeys(r for r in referenced if r and r != "self")),
    )


def _root_name(node: ast.expr) -> str:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else ""


def _parse(batch: Batch, module: str) -> ast.Module:
    path = batch.project.absolute(batch.index.module_path(module))
    try:
        return ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return ast.Module(body=[], type_ignores=[])


def _module_imports(tree: ast.Module, module: str) -> dict[str, str]:
    """Every name the module binds at top level (or under `if TYPE_CHECKING`),
    with the import line that binds the same object elsewhere."""
    names: dict[str, str] = {}
    package = module.rpartition(".")[0]
    body = [
        *tree.body,
        *(n for s in tree.body if isinstance(s, ast.If) for n in s.body),
    ]
    for node in body:
        if isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                base = (
                    package.rsplit(".", node.level - 1)[0]
                    if node.level > 1
                    else package
                )
                source = f"{base}.{source}" if source else base
            for alias in node.names:
                local = alias.asname or alias.name
                suffix = f" as {alias.asname}" if alias.asname else ""
                names[local] = f"from {source} import {alias.name}{suffix}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.partition(".")[0]
                names[local] = f"import {alias.name}" + (
                    f" as {alias.asname}" if alias.asname else ""
                )
        elif isinstance(node, ast.ClassDef):
            names[node.name] = f"from {module} import {node.name}"
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    names[target.id] = f"from {module} import {target.id}"
    return names


def _import_map(lines: Iterable[str]) -> dict[str, str]:
    mapping = {}
    for line in lines:
        names = line.rpartition(" import ")[2]
        for name in names.split(","):
            local = name.strip().rpartition(" as ")[2]
            mapping[local] = line
    return mapping


def _method_annotations(
    request: AdapterRequest, methods: tuple[Method, ...]
) -> list[tuple[str, str]]:
    annotations = []
    for i, method in enumerate(methods):
        for j, parameter in enumerate(method.parameters):
            annotations.append(
                (parameter.annotation, request.where(f"methods[{i}].parameters[{j}]"))
            )
        annotations.append(
            (method.return_type, request.where(f"methods[{i}].return_type"))
        )
    return annotations


_BARE_NESTED = (
    (re.compile(r"\b(?:dict|Dict)\b(?!\s*\[)"), "dict[str, object]"),
    (re.compile(r"\b(?:list|List)\b(?!\s*\[)"), "list[object]"),
    (re.compile(r"\bDict\["), "dict["),
    (re.compile(r"\bList\["), "list["),
    (re.compile(r"\bAny\b"), "object"),
)


def strict_annotation(annotation: str) -> str:
    """Bare generics inside an annotation made explicit, as mypy --strict
    wants them: `list[dict]` -> `list[dict[str, object]]`."""
    for pattern, replacement in _BARE_NESTED:
        annotation = pattern.sub(replacement, annotation)
    return annotation


def strict_method(method: Method) -> Method:
    return Method(
        method.name,
        tuple(
            Parameter(p.name, strict_annotation(p.annotation))
            for p in method.parameters
        ),
        strict_annotation(method.return_type),
        method.description,
    )


def annotation_names(annotation: str) -> list[str]:
    """The names an annotation uses: `dict[str, Invoice] | None` -> dict, str,
    Invoice, None."""
    return _NAME.findall(annotation)


def annotation_imports(
    batch: Batch,
    annotations: Iterable[tuple[str, str]],
    known: dict[str, str] | None = None,
) -> list[str]:
    """The import lines the (annotation, where) pairs need; a name that is
    neither built in, nor a common type, nor in `known` (the imports of a
    port module), nor a class of the domain is a ScaffoldError at `where`."""
    lines = set()
    domain = _domain_types(batch)
    for annotation, where in annotations:
        for name in annotation_names(annotation):
            if name in BUILTIN_TYPES:
                continue
            line = (
                (known or {}).get(name) or KNOWN_IMPORTS.get(name) or domain.get(name)
            )
            if line is None:
                raise ScaffoldError(where, f"unknown type '{name}'")
            lines.add(line)
    return sorted(lines)


def _domain_types(batch: Batch) -> dict[str, str]:
    """Names defined at top level of the modules of DOMAIN_TYPE_PACKAGES,
    and the entities this batch plans."""
    found: dict[str, str] = {}
    for package in DOMAIN_TYPE_PACKAGES:
        directory = batch.project.absolute(
            batch.index.module_path(package).with_suffix("")
        )
        for path in sorted(directory.glob("*.py")):
            if path.stem == "__init__":
                continue
            module = f"{package}.{path.stem}"
            for name, line in _module_imports(_parse(batch, module), module).items():
                if line.startswith(f"from {module} import"):
                    found.setdefault(name, line)
    for entity in batch.entities.values():
        found.setdefault(entity.name, f"from {entity.module} import {entity.name}")
    return found


def port_method_doc(method: Method, describe: Callable[[Method], str]) -> str:
    """The method's description, unless it names a technology: a port's
    docstrings speak of its role only (the adapter keeps such a text)."""
    if method.description and not technology_named(method.description):
        return method.description
    return describe(method)


def default_method_doc(method: Method) -> str:
    """`create_checkout_session` -> `Create checkout session.`"""
    words = method.name.replace("_", " ").strip()
    return f"{words[:1].upper()}{words[1:]}."


def port_as_named(class_name: str, port_class: str) -> tuple[str, str]:
    """How an adapter's module imports its port, and the name it then goes
    by: an adapter named as its port (`BookRepository` implementing the port
    `BookRepository` of another package) imports it as `BookRepositoryPort`,
    so the two names never meet."""
    if class_name != port_class:
        return port_class, port_class
    return f"{port_class} as {port_class}Port", f"{port_class}Port"
