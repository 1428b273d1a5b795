"""Repositories in the seeds' sense: one class per entity whose methods come
from the request's method list, each with a body derived from its verb."""

import re
from dataclasses import dataclass
from enum import StrEnum

from add_adapter.naming import split_dotted
from add_adapter.paths import IN_MEMORY_PACKAGE
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch, module_of, port_stem
from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.kinds.entity import (
    add_entity_files,
    ensure_package,
    missing_id,
    resolve_entity,
)
from add_adapter.scaffold.kinds.persistence import ADAPTERS_PACKAGE, CONTRACT_TESTS
from add_adapter.scaffold.problems import ScaffoldError
from add_adapter.scaffold.request import AdapterRequest, Method, Parameter
from add_adapter.scaffold.templates import render_template
from add_adapter.spec import Component
from add_adapter.vocabulary import Kind, Layer


class Verb(StrEnum):
    CREATE = "create"
    GET = "get"
    ALL = "all"
    UPDATE = "update"
    DELETE = "delete"
    FIND_BY = "find_by"
    COUNT = "count"


_VERBS: dict[str, Verb] = {
    **dict.fromkeys(("create", "add", "save", "insert"), Verb.CREATE),
    **dict.fromkeys(("get_by_id", "get", "find_by_id", "find", "get_one"), Verb.GET),
    **dict.fromkeys(("get_all", "list", "list_all", "find_all", "all"), Verb.ALL),
    "update": Verb.UPDATE,
    **dict.fromkeys(("delete", "remove", "delete_by_id"), Verb.DELETE),
    "count": Verb.COUNT,
}
_FIND_BY = re.compile(r"^(?:find|get)_(?:all_)?by_(?P<field>\w+)$")
KNOWN_VERBS = (
    "create/add/save/insert, get_by_id/get/find_by_id, get_all/list/find_all, "
    "update, delete/remove, find_by_<field>, count"
)
DEFAULT_METHODS = ("create", "get_by_id", "get_all", "update", "delete")


@dataclass(frozen=True)
class RepositoryMethod:
    """A method of the request with what its body does."""

    method: Method
    verb: Verb
    optional: bool = False  # returns None instead of raising when missing
    many: bool = False  # find_by returning a list
    field: str | None = None

    @property
    def name(self) -> str:
        return self.method.name

    @property
    def parameter(self) -> Parameter | None:
        return self.method.parameters[0] if self.method.parameters else None


def build_repository(request: AdapterRequest, batch: Batch) -> Addition:
    addition = Addition(request.class_name)
    entity = resolve_entity(request, batch)
    add_entity_files(entity, request, batch, addition)
    port = request.port or (
        f"app.application.ports.{entity.snake}_repository.{entity.name}Repository"
    )
    port_module, port_class = split_dotted(port)
    if not batch.port_is_new(port, addition.owner, request.where("implements")):
        raise ScaffoldError(
            request.where("implements"),
            f"{port} is a hand-written port; the repository template implements "
            "the port it generates, so name a new one",
        )
    methods = _classify(request, entity)
    module = module_of(request.class_name, ADAPTERS_PACKAGE)
    in_memory_class = f"InMemory{entity.name}Repository"
    in_memory_module = module_of(in_memory_class, IN_MEMORY_PACKAGE)
    names = {
        "e": entity,
        "methods": methods,
        "verbs": {method.verb for method in methods},
        "uses": _helpers_used(methods),
        "class_name": request.class_name,
        "port_module": port_module,
        "port_class": port_class,
        "sqla_module": module,
        "sqla_class": request.class_name,
        "in_memory_module": in_memory_module,
        "in_memory_class": in_memory_class,
        "missing_id": missing_id(entity),
        "description": request.description,
    }
    index = batch.index
    addition.add(
        index.module_path(port_module), render_template("repository_port.py", **names)
    )
    code_path = index.module_path(module)
    batch.claim(code_path, addition.owner, request.where("class_name"))
    addition.add(code_path, render_template("sqla_repository.py", **names))
    ensure_package(
        batch, addition, index.module_path(IN_MEMORY_PACKAGE).parent / "in_memory"
    )
    in_memory_path = index.module_path(in_memory_module)
    batch.claim(in_memory_path, addition.owner, request.where("class_name"))
    addition.add(
        in_memory_path,
        render_template(
            "in_memory_repository.py", **{**names, "class_name": in_memory_class}
        ),
    )
    ensure_package(batch, addition, CONTRACT_TESTS)
    test_path = CONTRACT_TESTS / f"test_{port_stem(port_class)}.py"
    batch.claim(test_path, addition.owner, request.where("class_name"))
    addition.add(test_path, render_template("repository_contract_test.py", **names))
    addition.code_path, addition.test_path = code_path, test_path
    addition.components.append(
        Component(
            class_name=request.class_name,
            module=module,
            layer=Layer.INFRASTRUCTURE_REPOSITORY,
            kind=Kind.REPOSITORY,
            implements=(port,),
            scope=request.scope,
            description=request.description
            or f"Stores {entity.name} entities in the {entity.table} table.",
            table_name=entity.table,
            attributes=tuple(field.describe() for field in entity.fields),
            code_path=code_path.as_posix(),
            test_path=test_path.as_posix(),
        )
    )
    return addition


def _classify(request: AdapterRequest, entity: EntityNames) -> list[RepositoryMethod]:
    methods = request.methods or tuple(
        _default_method(name, entity) for name in DEFAULT_METHODS
    )
    classified = []
    for position, method in enumerate(methods):
        where = request.where(f"methods[{position}]")
        classified.append(_classify_one(method, entity, where))
    return classified


def _default_method(name: str, entity: EntityNames) -> Method:
    id_parameter = Parameter(entity.id_name, entity.id_field.annotation)
    entity_parameter = Parameter(entity.snake, entity.name)
    shapes = {
        "create": ((entity_parameter,), entity.name),
        "get_by_id": ((id_parameter,), entity.name),
        "get_all": ((), f"list[{entity.name}]"),
        "update": ((entity_parameter,), entity.name),
        "delete": ((id_parameter,), "None"),
    }
    parameters, returns = shapes[name]
    return Method(name, parameters, returns)


def _classify_one(method: Method, entity: EntityNames, where: str) -> RepositoryMethod:
    verb = _VERBS.get(method.name)
    field = None
    if verb is None and (match := _FIND_BY.match(method.name)):
        field = match.group("field")
        if field not in {f.name for f in entity.fields}:
            raise ScaffoldError(
                f"{where}.method_name", f"{entity.name} has no field '{field}'"
            )
        verb = Verb.FIND_BY
    if verb is None:
        raise ScaffoldError(
            f"{where}.method_name",
            f"cannot derive a body for '{method.name}'; "
            f"repository methods are {KNOWN_VERBS}",
        )
    expected = _expected_shape(verb, entity, field)
    parameters = tuple(p.annotation for p in method.parameters)
    if parameters != expected[0]:
        wanted = ", ".join(expected[0]) or "no parameters"
        raise ScaffoldError(f"{where}.parameters", f"'{method.name}' takes {wanted}")
    if method.return_type not in expected[1]:
        raise ScaffoldError(
            f"{where}.return_type",
            f"'{method.name}' returns one of: {', '.join(expected[1])}",
        )
    return RepositoryMethod(
        method,
        verb,
        optional=method.return_type.endswith("| None") or method.return_type == "bool",
        many=method.return_type.startswith("list["),
        field=field,
    )


def _expected_shape(
    verb: Verb, entity: EntityNames, field: str | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    name, id_type = entity.name, entity.id_field.annotation
    one, maybe, many = name, f"{name} | None", f"list[{name}]"
    if verb is Verb.FIND_BY:
        annotation = next(f.annotation for f in entity.fields if f.name == field)
        return (annotation,), (maybe, many)
    shapes = {
        Verb.CREATE: ((name,), (one, "None")),
        Verb.GET: ((id_type,), (one, maybe)),
        Verb.ALL: ((), (many,)),
        Verb.UPDATE: ((name,), (one, "None")),
        Verb.DELETE: ((id_type,), ("None", "bool")),
        Verb.COUNT: ((), ("int",)),
    }
    return shapes[verb]


def _helpers_used(methods: list[RepositoryMethod]) -> dict[str, bool]:
    """Which private helpers and imports the generated bodies need."""
    verbs = {method.verb for method in methods}
    raising = {
        method.verb
        for method in methods
        if method.verb is Verb.UPDATE
        or (method.verb in (Verb.GET, Verb.DELETE) and not method.optional)
    }
    return {
        "not_found": bool(raising),
        "get": bool(verbs & {Verb.GET, Verb.UPDATE, Verb.DELETE}),
        "scalars": bool(verbs & {Verb.ALL, Verb.FIND_BY}),
        "select": bool(verbs & {Verb.ALL, Verb.FIND_BY, Verb.COUNT}),
        "flush": bool(verbs & {Verb.CREATE, Verb.UPDATE, Verb.DELETE}),
        "copy_to_row": bool(verbs & {Verb.CREATE, Verb.UPDATE}),
        "to_domain": bool(verbs & {Verb.GET, Verb.ALL, Verb.FIND_BY}),
    }
