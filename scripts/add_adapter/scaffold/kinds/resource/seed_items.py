"""Seed items of the layers a resource covers, placed onto resource requests:
one per entity that use cases of the array serve.

- `domain/entity`: the entity and its fields (`attributes`).
- `application/use_case`: an operation, read from its name: Create or Add,
  Get, List (the plural), Update, Delete or Remove, then the entity
  (`AddBook` is the create of Book, written as add_book.py). Its
  `dependencies` name interfaces of the same array, injected by its
  constructor; its one method, if it lists any, is `execute`.
- `application/interface`: the port a use case depends on: the data mapper
  (methods among add, get_by_id, update, delete) of the writes, or the
  reader (get_<entity>, list_<entities>) of the reads, written under
  app.application.interfaces as the seeds place them, with its kind's
  methods.
- `presentation/schema`: attributes among the entity's fields; the resource
  writes its schemas.
- `presentation/router`: one method per use case, named as the use case's
  module or `<operation>_<entity>`; the resource writes the controller.

Items of an entity no use case of the array serves, and interfaces no use
case depends on, are other workflows' business: skipped and reported, as
items of other layers are. An item the resource cannot place is a
ScaffoldError saying why, so nothing is written."""

import re
from dataclasses import dataclass, field

from add_adapter.naming import snake_case
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.fields import Field
from add_adapter.scaffold.kinds.data_mapper.builder import DATA_MAPPER_METHODS
from add_adapter.scaffold.kinds.resource.operations import WRITES, Operation
from add_adapter.scaffold.request import AdapterKind, AdapterRequest, Method
from add_adapter.scaffold.words import plural

ENTITY = "domain/entity"
INTERFACE = "application/interface"
USE_CASE = "application/use_case"
SCHEMA = "presentation/schema"
ROUTER = "presentation/router"
RESOURCE_LAYERS = frozenset({ENTITY, INTERFACE, USE_CASE, SCHEMA, ROUTER})
INTERFACES_PACKAGE = "app.application.interfaces"

_USE_CASE = re.compile(
    r"^(?P<verb>Create|Add|Get|List|Update|Delete|Remove)(?P<noun>[A-Z]\w*)$"
)
_VERBS = {
    "Create": Operation.CREATE,
    "Add": Operation.CREATE,
    "Get": Operation.GET,
    "List": Operation.LIST,
    "Update": Operation.UPDATE,
    "Delete": Operation.DELETE,
    "Remove": Operation.DELETE,
}
_MAPPER, _READER = "data mapper", "reader"


@dataclass(frozen=True)
class SeedItem:
    """One item of a resource layer, as read from the array."""

    origin: str
    layer: str
    class_name: str
    fields: tuple[Field, ...] = ()
    """An entity's fields."""
    attribute_names: tuple[str, ...] = ()
    """A schema's attributes, by name."""
    methods: tuple[Method, ...] = ()
    dependencies: tuple[str, ...] = ()


@dataclass
class _Resource:
    """What the items say of one entity's resource."""

    entity: SeedItem
    use_cases: dict[Operation, SeedItem] = field(default_factory=dict)
    ports: dict[str, SeedItem] = field(default_factory=dict)
    """Role (data mapper, reader) -> the interface item."""

    def request(self) -> AdapterRequest:
        def port(role: str) -> str | None:
            item = self.ports.get(role)
            return None if item is None else interface_path(item.class_name)

        operations = [op for op in Operation if op in self.use_cases]
        return AdapterRequest(
            kind=AdapterKind.RESOURCE,
            class_name=self.entity.class_name,
            origin=self.entity.origin,
            fields=self.entity.fields,
            fields_key="attributes",
            operations=tuple(op.value for op in operations),
            port=port(_MAPPER),
            reader_port=port(_READER),
            use_case_names=tuple(
                (op.value, self.use_cases[op].class_name) for op in operations
            ),
        )


def interface_path(class_name: str) -> str:
    """Where the seeds place an interface: `IBookRepository` ->
    app.application.interfaces.i_book_repository.IBookRepository."""
    return f"{INTERFACES_PACKAGE}.{snake_case(class_name)}.{class_name}"


def resource_requests(
    items: list[SeedItem],
) -> tuple[list[AdapterRequest], list[str]]:
    """One resource request per entity the use cases serve, in the order of
    the entity items; and what was skipped, and why."""
    entities = {i.class_name: i for i in items if i.layer == ENTITY}
    interfaces = {i.class_name: i for i in items if i.layer == INTERFACE}
    resources = {name: _Resource(item) for name, item in entities.items()}
    for item in (i for i in items if i.layer == USE_CASE):
        operation, resource = _served(item, resources)
        _place_use_case(item, operation, resource, interfaces)
    served = {name: r for name, r in resources.items() if r.use_cases}
    placed = {id(r.entity) for r in served.values()}
    placed |= {id(item) for r in served.values() for item in r.ports.values()}
    skipped = []
    for item in items:
        named = _named_in(item, served) if item.layer in _CHECKS else None
        if named is not None:
            _CHECKS[item.layer](item, named)
        elif item.layer != USE_CASE and id(item) not in placed:
            skipped.append(_skipped(item))
    return [resource.request() for resource in served.values()], skipped


def _skipped(item: SeedItem) -> str:
    why = (
        "no use case of this array depends on it"
        if item.layer == INTERFACE
        else "no use case of this array serves its entity"
    )
    return f"skipped {item.origin}: layer {item.layer}: {why}"


def _served(
    item: SeedItem, resources: dict[str, _Resource]
) -> tuple[Operation, _Resource]:
    """The operation a use case's name says, and the resource it serves."""
    match = _USE_CASE.match(item.class_name)
    verbs = ", ".join(_VERBS)
    if match is None:
        raise ScaffoldError(
            f"{item.origin}: class_name",
            f"a resource's use case is named <verb><Entity> with a verb of {verbs} "
            "(List takes the plural: ListBooks); this one is not a resource's",
        )
    operation = _VERBS[match["verb"]]
    for name, resource in resources.items():
        noun = _pascal_plural(name) if operation is Operation.LIST else name
        if match["noun"] == noun:
            return operation, resource
    known = ", ".join(resources) or "none"
    raise ScaffoldError(
        f"{item.origin}: class_name",
        f"'{match['noun']}' is no domain/entity item of this array (entities: {known})",
    )


def _pascal_plural(entity: str) -> str:
    return "".join(word.capitalize() for word in plural(snake_case(entity)).split("_"))


def _place_use_case(
    item: SeedItem,
    operation: Operation,
    resource: _Resource,
    interfaces: dict[str, SeedItem],
) -> None:
    earlier = resource.use_cases.setdefault(operation, item)
    if earlier is not item:
        raise ScaffoldError(
            f"{item.origin}: class_name",
            f"{earlier.class_name} is {resource.entity.class_name}'s "
            f"{operation.value} already",
        )
    for position, method in enumerate(item.methods):
        if method.name != "execute" or position > 0:
            raise ScaffoldError(
                f"{item.origin}: methods[{position}]",
                "a resource's use case has one method, execute (its input is "
                "the entity's fields, or its id)",
            )
    role = _MAPPER if operation in WRITES else _READER
    for position, name in enumerate(item.dependencies):
        where = f"{item.origin}: dependencies[{position}]"
        interface = interfaces.get(name)
        if interface is None:
            known = ", ".join(interfaces) or "none"
            raise ScaffoldError(
                where,
                f"'{name}' is no application/interface item of this array "
                f"(interfaces: {known}); the unit of work, the current user and "
                "the id generator come from the container",
            )
        _place_interface(interface, role, resource, where)


def _place_interface(
    interface: SeedItem, role: str, resource: _Resource, where: str
) -> None:
    snake = snake_case(resource.entity.class_name)
    own = (
        DATA_MAPPER_METHODS
        if role == _MAPPER
        else (f"get_{snake}", f"list_{plural(snake)}")
    )
    for position, method in enumerate(interface.methods):
        if method.name not in own:
            raise ScaffoldError(
                f"{interface.origin}: methods[{position}]",
                f"'{method.name}' is not a method of the {role} its use cases "
                f"need ({', '.join(own)}): a resource's interface is its data "
                "mapper or its reader; for methods of your own, make it the "
                "port of an infrastructure/repository item",
            )
    earlier = resource.ports.setdefault(role, interface)
    if earlier is not interface:
        raise ScaffoldError(
            where,
            f"{resource.entity.class_name}'s {role} is {earlier.class_name} "
            f"already: its use cases share one {role}",
        )
    for other_role, other in resource.ports.items():
        if other is interface and other_role != role:
            raise ScaffoldError(
                where,
                f"{interface.class_name} would be both the data mapper of the "
                "writes and the reader of the reads: a resource has one of each",
            )


def _named_in(item: SeedItem, resources: dict[str, _Resource]) -> _Resource | None:
    """The resource whose entity the item's class name names (`BookSchema`,
    `CreateBookRequest`), the longest name first."""
    for name in sorted(resources, key=len, reverse=True):
        if name in item.class_name:
            return resources[name]
    return None


def _check_schema(item: SeedItem, resource: _Resource) -> None:
    known = {"id", *(f.name for f in resource.entity.fields)}
    for position, name in enumerate(item.attribute_names):
        if name not in known:
            raise ScaffoldError(
                f"{item.origin}: attributes[{position}]",
                f"'{name}' is not a field of "
                f"{resource.entity.class_name} ({', '.join(sorted(known))}): the "
                "resource's schemas carry the entity's fields",
            )


def _check_router(item: SeedItem, resource: _Resource) -> None:
    routes = {}
    for operation, use_case in resource.use_cases.items():
        entity = snake_case(resource.entity.class_name)
        noun = plural(entity) if operation is Operation.LIST else entity
        routes[snake_case(use_case.class_name)] = operation
        routes[f"{operation.value}_{noun}"] = operation
    routed = set()
    for position, method in enumerate(item.methods):
        if method.name not in routes:
            raise ScaffoldError(
                f"{item.origin}: methods[{position}]",
                f"'{method.name}' routes no use case of this array "
                f"({', '.join(sorted(routes))})",
            )
        routed.add(routes[method.name])
    for operation, use_case in resource.use_cases.items():
        if item.methods and operation not in routed:
            raise ScaffoldError(
                f"{item.origin}: methods",
                f"no method routes {use_case.class_name}: a resource routes "
                f"every use case; add {snake_case(use_case.class_name)}",
            )


_CHECKS = {SCHEMA: _check_schema, ROUTER: _check_router}
"""The items a resource writes itself: checked against it."""
