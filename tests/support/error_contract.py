"""The error contract, read from the code: what each route can raise, what maps it.

Two questions, answered without sending a request:

- Which errors can a route raise? Reachability, from the controller function
  down: its ``FromDishka`` parameters; through the app's own Dishka container,
  what Dishka builds for each (use case, services such as CurrentUser, the
  adapter bound to each port, objects of hand-written providers) and their
  constructors; then every first-party function or method the code calls or
  passes on (``self._reader.get_user`` resolves through the constructor's
  annotation ``UserReader`` to the bound SqlaUserReader, ``fetch_page`` and
  ``expect_object`` are followed into paging.py and json_api.py, a value
  object's ``Email(...)`` into its ``__post_init__``). In each function, every
  ``raise X`` / ``raise X(...)`` is a raise site. Calls on values whose type
  the code does not name (a SQLAlchemy session, an httpx client) are not
  followed: adapters translate what those raise, which tests/integration
  prove.
- Which errors do the shared rules cover? Every upper-case error group of
  app.presentation.http.errors.rules, resolved the way fastapi-error-map
  resolves a raised error: the first class of its MRO that a map names.

``raise name`` where ``name`` is a value, not a class (``raise conflict from
err``), is reported as a DynamicRaise with the classes its annotations give
it, and the tests make each such site be accounted for explicitly.
"""

import ast
import builtins
import importlib
import inspect
import pkgutil
import textwrap
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from dishka import AsyncContainer
from dishka.dependency_source import Factory
from dishka.entities.component import DEFAULT_COMPONENT
from dishka.entities.factory_type import FactoryType
from dishka.entities.key import DependencyKey
from dishka.integrations.base import default_parse_dependency
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi_error_map import Rule
from starlette.routing import BaseRoute

from app.presentation.http.errors import rules

# Code whose calls are followed: the service's own packages.
FIRST_PARTY = ("app", "setup")
_REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class RaiseSite:
    """``error`` is raised at ``file``:``line``; ``via`` is the call chain."""

    error: type[BaseException]
    file: str
    line: int
    via: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class DynamicRaise:
    """``raise <expression>`` where the expression is a value, not a class."""

    module: str
    function: str
    expression: str
    file: str
    line: int
    inferred: tuple[type, ...]
    via: str

    @property
    def key(self) -> tuple[str, str]:
        return f"{self.module}.{self.function}", self.expression


@dataclass(frozen=True)
class RouteErrors:
    """A route and the raise sites reachable from it."""

    label: str
    declared: Mapping[type[Exception], int]
    sites: tuple[RaiseSite, ...]
    dynamic: tuple[DynamicRaise, ...]


# --- The routes ------------------------------------------------------------


def app_routes(app: FastAPI) -> Iterator[tuple[str, APIRoute]]:
    """Every API route of the app with its full path, through included routers."""
    yield from _walk_routes(app.routes, "")


def _walk_routes(
    routes: list[BaseRoute], prefix: str
) -> Iterator[tuple[str, APIRoute]]:
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:  # FastAPI's _IncludedRouter
            context = getattr(route, "include_context", None)
            yield from _walk_routes(
                included.routes, prefix + getattr(context, "prefix", "")
            )
        elif isinstance(route, APIRoute):
            yield prefix + route.path, route


def route_label(path: str, route: APIRoute) -> str:
    return f"{','.join(sorted(route.methods or ()))} {path}"


def original_endpoint(route: APIRoute) -> Callable[..., Any]:
    """The controller function as written (Dishka wraps it to inject)."""
    endpoint: Callable[..., Any] = getattr(
        route.endpoint, "__dishka_orig_func__", route.endpoint
    )
    return endpoint


def injected_dependencies(endpoint: Callable[..., Any]) -> list[DependencyKey]:
    """The endpoint's FromDishka parameters, parsed as Dishka parses them."""
    hints = typing.get_type_hints(endpoint, include_extras=True)
    keys = []
    for name, parameter in inspect.signature(endpoint).parameters.items():
        key = default_parse_dependency(parameter, hints.get(name))
        if key is not None:
            keys.append(key)
    return keys


# --- The container ---------------------------------------------------------


def container_factories(container: AsyncContainer) -> dict[DependencyKey, Factory]:
    factories: dict[DependencyKey, Factory] = {}
    registry: Any = container.registry
    while registry is not None:
        for key, factory in registry.factories.items():
            factories.setdefault(key, factory)
        registry = registry.child_registry
    return factories


def _name(hint: Any) -> str:
    return getattr(hint, "__name__", None) or str(hint)


def _is_first_party(obj: Any, packages: tuple[str, ...] = FIRST_PARTY) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module.split(".")[0] in packages


@dataclass
class _Built:
    """What Dishka runs to build one dependency: a class or a provider function."""

    source: Any
    label: str


def dependency_graph(
    roots: list[DependencyKey], factories: Mapping[DependencyKey, Factory]
) -> list[_Built]:
    """Everything Dishka builds for the roots, each with how it is reached."""
    built: list[_Built] = []
    queue: list[tuple[DependencyKey, str]] = [(key, "") for key in roots]
    seen: set[DependencyKey] = set()
    while queue:
        key, trail = queue.pop(0)
        if key in seen:
            continue
        seen.add(key)
        factory = factories.get(key)
        if factory is None:
            raise LookupError(f"{_name(key.type_hint)} is not in the container")
        step = trail
        if factory.type is not FactoryType.ALIAS:
            label = _name(key.type_hint)
            source = factory.source
            if isinstance(source, type) and source is not key.type_hint:
                label = f"{label}={source.__name__}"
            step = f"{trail} -> {label}" if trail else label
            if factory.type is not FactoryType.CONTEXT:
                built.append(_Built(source, step))
        for dependency in (*factory.dependencies, *factory.kw_dependencies.values()):
            queue.append((dependency, step))
    return built


# --- Reading functions -----------------------------------------------------


def _classes_in(hint: Any) -> list[type]:
    """The classes a hint names: ``User | None`` -> [User], ``Page[X]`` -> [Page]."""
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return _classes_in(typing.get_args(hint)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [cls for arg in typing.get_args(hint) for cls in _classes_in(arg)]
    if origin is not None:
        return [origin] if isinstance(origin, type) else []
    if isinstance(hint, type) and hint is not type(None):
        return [hint]
    return []


def _type_hints(obj: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(obj)
    except Exception:  # forward references the checker cannot evaluate
        return {}


@dataclass(frozen=True)
class _Source:
    node: ast.FunctionDef | ast.AsyncFunctionDef
    file: str
    line_offset: int


@cache
def _source_of(function: Callable[..., Any]) -> _Source | None:
    try:
        lines, first_line = inspect.getsourcelines(function)
        file = inspect.getsourcefile(function) or "?"
    except (OSError, TypeError):  # generated (a dataclass __init__) or built in
        return None
    tree = ast.parse(textwrap.dedent("".join(lines)))
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    path = Path(file).resolve()
    shown = str(path.relative_to(_REPO)) if path.is_relative_to(_REPO) else str(path)
    return _Source(node, shown, first_line - 1)


def _walk_body(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.AST]:
    """The function's statements, not its decorators (those run at import)."""
    for statement in node.body:
        yield from ast.walk(statement)


def _function_of(value: Any) -> Callable[..., Any] | None:
    if isinstance(value, staticmethod | classmethod):
        value = value.__func__
    if isinstance(value, property):
        value = value.fget
    if inspect.isfunction(value) or inspect.ismethod(value):
        function: Callable[..., Any] = inspect.unwrap(value)
        return function
    return None


def _exception_class(value: Any) -> type[BaseException] | None:
    if isinstance(value, type) and issubclass(value, BaseException):
        return value
    return None


class Reachability:
    """Follows calls from entry points, collecting the raise sites it meets."""

    def __init__(
        self,
        factories: Mapping[DependencyKey, Factory],
        first_party: tuple[str, ...] = FIRST_PARTY,
    ) -> None:
        self._factories = factories
        self.first_party = first_party
        self._visited: set[tuple[Any, Any, frozenset[type[BaseException]]]] = set()
        self._attribute_types: dict[type, dict[str, list[type]]] = {}
        self.sites: list[RaiseSite] = []
        self.dynamic: list[DynamicRaise] = []

    # What Dishka gives for a type: the bound adapter for a port. A port with
    # Dishka decorators (`decorate(...)`) gives the whole chain, outermost
    # first: the decorator's own reference to the port (typed as the port)
    # then reaches the adapter it wraps.
    def implementations(self, hint: type) -> list[type]:
        found: list[type] = []
        depth = 0
        while True:
            factory = self._factories.get(
                DependencyKey(hint, DEFAULT_COMPONENT, depth=depth)
            )
            if factory is None:
                break
            while factory is not None and factory.type is FactoryType.ALIAS:
                factory = self._factories.get(factory.dependencies[0])
            if factory is not None and isinstance(factory.source, type):
                found.append(factory.source)
            depth += 1
        return found or [hint]

    def visit_built(self, built: _Built) -> None:
        """What Dishka runs to build a dependency: a provider or constructors."""
        if isinstance(built.source, type):
            for function, owner in _constructors(built.source, self.first_party):
                self.visit(function, owner, built.label)
        else:
            provider = _function_of(built.source)
            if provider is not None:
                self.visit(provider, None, built.label)

    def visit(
        self,
        function: Callable[..., Any],
        owner: type | None,
        via: str,
        absorbed: frozenset[type[BaseException]] = frozenset(),
    ) -> None:
        """Follows ``function``; ``absorbed`` are the errors a caller up the
        chain catches without raising again (``except CacheError: log``): raise
        sites of those (or subclasses) never reach the route."""
        if (
            not _is_first_party(function, self.first_party)
            or (function, owner, absorbed) in self._visited
        ):
            return
        self._visited.add((function, owner, absorbed))
        source = _source_of(function)
        if source is None:
            return
        name = function.__name__
        label = f"{owner.__name__}.{name}" if owner else function.__qualname__
        here = f"{via} -> {label}" if via else label
        context = _Context(self, function, owner, source.node)
        caught_around = _absorbing_handlers(source.node, context)
        for node in _walk_body(source.node):
            inner = absorbed | caught_around.get(id(node), frozenset())
            if isinstance(node, ast.Raise) and node.exc is not None:
                self._record_raise(node, context, source, here, inner)
            elif isinstance(node, ast.Call):
                for callee, callee_owner in context.callees(node.func):
                    self.visit(callee, callee_owner, here, inner)
            elif isinstance(node, ast.Name | ast.Attribute) and isinstance(
                node.ctx, ast.Load
            ):
                # A function passed on (a callback, ``to_view``) may be called.
                for callee, callee_owner in context.references(node):
                    self.visit(callee, callee_owner, here, inner)

    def _record_raise(
        self,
        node: ast.Raise,
        context: "_Context",
        source: _Source,
        via: str,
        absorbed: frozenset[type[BaseException]] = frozenset(),
    ) -> None:
        assert node.exc is not None
        line = node.lineno + source.line_offset
        target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        error = _exception_class(context.value_of(target))
        if error is not None:
            if issubclass(error, tuple(absorbed)):
                return  # caught on the way up, never reaches the route
            self.sites.append(RaiseSite(error, source.file, line, via))
            return
        if isinstance(node.exc, ast.Name) and node.exc.id in context.handler_names:
            return  # `except X as err: raise err` raises again what was raised.
        self.dynamic.append(
            DynamicRaise(
                module=context.function.__module__,
                function=context.function.__qualname__,
                expression=ast.unparse(node.exc),
                file=source.file,
                line=line,
                inferred=tuple(context.types_of(node.exc)),
                via=via,
            )
        )

    def attribute_types(self, cls: type) -> dict[str, list[type]]:
        """``self.<name>`` types: class annotations, and constructor assignments."""
        if cls in self._attribute_types:
            return self._attribute_types[cls]
        found: dict[str, list[type]] = {}
        self._attribute_types[cls] = found  # partial while being computed
        for base in reversed(cls.__mro__):
            if not _is_first_party(base, self.first_party):
                continue
            for name, hint in _type_hints(base).items():
                found.setdefault(name, []).extend(_classes_in(hint))
            for method in ("__init__", "__post_init__"):
                function = _function_of(vars(base).get(method))
                source = _source_of(function) if function else None
                if function is None or source is None:
                    continue
                context = _Context(self, function, cls, source.node)
                for node in _walk_body(source.node):
                    if isinstance(node, ast.Assign | ast.AnnAssign) and node.value:
                        targets = (
                            node.targets
                            if isinstance(node, ast.Assign)
                            else [node.target]
                        )
                        for target in targets:
                            if (
                                isinstance(target, ast.Attribute)
                                and isinstance(target.value, ast.Name)
                                and target.value.id == "self"
                            ):
                                found.setdefault(target.attr, []).extend(
                                    context.types_of(node.value)
                                )
        return found


def _absorbing_handlers(
    node: ast.FunctionDef | ast.AsyncFunctionDef, context: "_Context"
) -> dict[int, frozenset[type[BaseException]]]:
    """For each AST node (by id) inside a ``try`` body of the function, the
    error classes its ``except`` clauses catch without raising anything from
    the handler (the error is absorbed: logged, degraded, ...). A handler with
    any ``raise`` in it, or whose class is not a named one, absorbs nothing."""
    around: dict[int, frozenset[type[BaseException]]] = {}
    for statement in _walk_body(node):
        if not isinstance(statement, ast.Try | ast.TryStar):
            continue
        caught: set[type[BaseException]] = set()
        for handler in statement.handlers:
            if handler.type is None or any(
                isinstance(sub, ast.Raise) for sub in ast.walk(handler)
            ):
                continue
            parts = (
                handler.type.elts
                if isinstance(handler.type, ast.Tuple)
                else [handler.type]
            )
            for part in parts:
                error = _exception_class(context.value_of(part))
                if error is not None:
                    caught.add(error)
        if not caught:
            continue
        for body_statement in statement.body:
            for sub in ast.walk(body_statement):
                around[id(sub)] = around.get(id(sub), frozenset()) | caught
    return around


class _Context:
    """One function's names: its globals, parameter and local types, ``self``."""

    def __init__(
        self,
        reach: Reachability,
        function: Callable[..., Any],
        owner: type | None,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
    ) -> None:
        self.reach = reach
        self.function = function
        self.owner = owner
        self.globals: Mapping[str, Any] = getattr(function, "__globals__", {})
        self.handler_names = {
            handler.name
            for handler in _walk_body(node)
            if isinstance(handler, ast.ExceptHandler) and handler.name
        }
        self.scope: dict[str, list[type]] = {}
        for name, hint in _type_hints(function).items():
            if name != "return":
                self.scope[name] = _classes_in(hint)
        arguments = node.args.posonlyargs + node.args.args
        if owner is not None and arguments and arguments[0].arg in ("self", "cls"):
            self.scope[arguments[0].arg] = [owner]
        # Locals, flow-insensitively; twice so `b = a.f()` sees `a = ...`.
        for _ in range(2):
            for sub in _walk_body(node):
                if isinstance(sub, ast.Assign):
                    targets = sub.targets
                elif isinstance(sub, ast.AnnAssign | ast.NamedExpr) and sub.value:
                    targets = [sub.target]
                else:
                    continue
                assert sub.value is not None
                value_types = self.types_of(sub.value)
                for target in targets:
                    if isinstance(target, ast.Name) and value_types:
                        known = self.scope.setdefault(target.id, [])
                        known.extend(t for t in value_types if t not in known)

    def value_of(self, node: ast.expr) -> Any:
        """The object a dotted name refers to (a class, function or module)."""
        if isinstance(node, ast.Name):
            if node.id in self.scope:
                return None
            if node.id in self.globals:
                return self.globals[node.id]
            return getattr(builtins, node.id, None)
        if isinstance(node, ast.Attribute):
            base = self.value_of(node.value)
            if isinstance(base, ModuleType | type):
                return getattr(base, node.attr, None)
        return None

    def types_of(self, node: ast.expr) -> list[type]:
        """The classes of the value an expression evaluates to, where known."""
        if isinstance(node, ast.Await):
            return self.types_of(node.value)
        if isinstance(node, ast.Name):
            return list(self.scope.get(node.id, []))
        if isinstance(node, ast.Attribute):
            found = []
            for receiver in self.types_of(node.value):
                for cls in self.reach.implementations(receiver):
                    found += self.reach.attribute_types(cls).get(node.attr, [])
            return found
        if isinstance(node, ast.Call):
            value = self.value_of(node.func)
            if isinstance(value, type):
                return [value]
            found = []
            for callee, _ in self.callees(node.func):
                found += _classes_in(_type_hints(callee).get("return"))
            return found
        return []

    def _super_methods(self, attribute: str) -> list[tuple[Callable[..., Any], Any]]:
        if self.owner is None:
            return []
        mro = self.owner.__mro__
        defining = next(
            (i for i, cls in enumerate(mro) if self.function in vars(cls).values()),
            0,
        )
        for cls in mro[defining + 1 :]:
            if attribute in vars(cls):
                function = _function_of(vars(cls)[attribute])
                return [(function, self.owner)] if function else []
        return []

    def callees(self, node: ast.expr) -> list[tuple[Callable[..., Any], Any]]:
        """The first-party functions a call of ``node`` may run."""
        value = self.value_of(node)
        if isinstance(value, type):
            return _constructors(value, self.reach.first_party)
        function = _function_of(value)
        if function is not None:
            return [(function, None)]
        if isinstance(node, ast.Attribute):
            if (
                isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Name)
                and node.value.func.id == "super"
            ):
                return self._super_methods(node.attr)
            return self._methods(node)
        return []

    def _methods(self, node: ast.Attribute) -> list[tuple[Callable[..., Any], Any]]:
        found = []
        for receiver in self.types_of(node.value):
            for cls in self.reach.implementations(receiver):
                if not _is_first_party(cls, self.reach.first_party):
                    continue
                function = _function_of(inspect.getattr_static(cls, node.attr, None))
                if function is not None:
                    found.append((function, cls))
        return found

    def references(self, node: ast.Name | ast.Attribute) -> list[tuple[Any, Any]]:
        """A first-party function or method named without calling it."""
        value = self.value_of(node)
        if isinstance(value, type):
            return []
        function = _function_of(value)
        if function is not None:
            return [(function, None)]
        if isinstance(node, ast.Attribute):
            return self._methods(node)
        return []


def _constructors(
    cls: type, first_party: tuple[str, ...]
) -> list[tuple[Callable[..., Any], Any]]:
    """What ``cls(...)`` runs of first-party code."""
    found = []
    for name in ("__new__", "__init__", "__post_init__"):
        for base in cls.__mro__:
            if name in vars(base):
                function = _function_of(vars(base)[name])
                if function is not None and _is_first_party(base, first_party):
                    found.append((function, cls))
                break
    return found


def route_errors(
    label: str,
    endpoint: Callable[..., Any],
    declared: Mapping[type[Exception], int],
    container: AsyncContainer,
    first_party: tuple[str, ...] = FIRST_PARTY,
) -> RouteErrors:
    """The raise sites reachable from one route's controller function."""
    factories = container_factories(container)
    reach = Reachability(factories, first_party)
    for built in dependency_graph(injected_dependencies(endpoint), factories):
        reach.visit_built(built)
    reach.visit(endpoint, None, "")
    return RouteErrors(label, declared, tuple(reach.sites), tuple(reach.dynamic))


# --- The shared rules ------------------------------------------------------


def shared_groups() -> dict[str, Mapping[type[Exception], Rule]]:
    """The error groups rules.py exposes for controllers (upper-case names)."""
    groups = {}
    for name, value in vars(rules).items():
        if (
            name.isupper()
            and isinstance(value, Mapping)
            and value
            and all(
                _exception_class(key) and isinstance(rule, Rule)
                for key, rule in value.items()
            )
        ):
            groups[name] = value
    return groups


def resolve_status(
    error: type[BaseException], mapping: Mapping[Any, Any]
) -> tuple[type[BaseException], int] | None:
    """What fastapi-error-map answers for ``error``: (the mapped class, status)."""
    for ancestor in error.__mro__:
        if ancestor in mapping:
            entry = mapping[ancestor]
            return ancestor, entry.status if isinstance(entry, Rule) else int(entry)
    return None


def shared_rules() -> dict[type[Exception], Rule]:
    merged: dict[type[Exception], Rule] = {}
    for group in shared_groups().values():
        merged.update(group)
    return merged


def groups_covering(error: type[BaseException]) -> list[str]:
    return [
        name
        for name, group in shared_groups().items()
        if resolve_status(error, group) is not None
    ]


# --- Every error class of a package ---------------------------------------


def import_every_module(package_name: str) -> list[ModuleType]:
    """Imports every module of the package (those the scaffolder adds too).

    Directories without __init__.py (Alembic's versions/) are not packages
    and are skipped: revisions define no error classes.
    """
    package = importlib.import_module(package_name)
    modules = [package]
    for info in pkgutil.walk_packages(package.__path__, package_name + "."):
        modules.append(importlib.import_module(info.name))
    return modules


def exception_classes_defined_in(
    modules: list[ModuleType],
) -> list[type[BaseException]]:
    classes = {
        value
        for module in modules
        for value in vars(module).values()
        if _exception_class(value) is not None and value.__module__ == module.__name__
    }
    return sorted(classes, key=lambda cls: (cls.__module__, cls.__qualname__))


def caught_in_module(module_name: str) -> set[type[BaseException]]:
    """The classes the ``except`` clauses of a module name."""
    module = importlib.import_module(module_name)
    namespace = vars(module)
    caught: set[type[BaseException]] = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if not isinstance(node, ast.ExceptHandler) or node.type is None:
            continue
        parts = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
        for part in parts:
            if isinstance(part, ast.Name):
                error = _exception_class(namespace.get(part.id))
                if error is not None:
                    caught.add(error)
    return caught
