"""What a resource offers: its operations (`--operations`), who may call each
(`--auth`), and the names each operation's use case, route and tests take."""

from dataclasses import dataclass
from enum import StrEnum

from add_adapter.naming import pascal_case, snake_case
from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.errors import ScaffoldError


class Operation(StrEnum):
    """In the order the controller declares their routes."""

    LIST = "list"
    GET = "get"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class Access(StrEnum):
    PUBLIC = "public"
    USER = "user"
    ADMIN = "admin"


WRITES = frozenset({Operation.CREATE, Operation.UPDATE, Operation.DELETE})
NAMES_ONE = frozenset({Operation.GET, Operation.UPDATE, Operation.DELETE})
"""Operations on one entity by its id: a 404 when none has it."""
WRITES_VALUES = frozenset({Operation.CREATE, Operation.UPDATE})
"""Operations that store values: a 409 when a unique one is taken."""
DEFAULT_OPERATIONS = tuple(Operation)


def default_use_case(operation: Operation, entity: EntityNames) -> str:
    """`CreateBook`, `ListBooks`: the operation's verb and the entity."""
    noun = entity.plural if operation is Operation.LIST else entity.snake
    return pascal_case(f"{operation.value}_{noun}")


def default_access(operation: Operation) -> Access:
    """As the service's own catalog: anyone reads, admins write."""
    return Access.ADMIN if operation in WRITES else Access.PUBLIC


_CURRENT_USER_CHECK = {Access.USER: "get", Access.ADMIN: "require_admin"}
_ERROR_GROUP = {Access.USER: "AUTHENTICATED", Access.ADMIN: "ADMIN_ONLY"}
_WHO = {
    Access.PUBLIC: "for anyone",
    Access.USER: "signed-in users only",
    Access.ADMIN: "admins only",
}
_AUTH_ERRORS = {
    Access.PUBLIC: (),
    Access.USER: ("AuthenticationError",),
    Access.ADMIN: ("AuthenticationError", "AuthorizationError"),
}
_AUTH_STATUSES = {Access.PUBLIC: (), Access.USER: (401,), Access.ADMIN: (401, 403)}


@dataclass(frozen=True)
class Endpoint:
    """One operation of one resource: its use case and its route."""

    operation: Operation
    access: Access
    entity: EntityNames
    name: str | None = None
    """The use case's class as a seed item names it (`AddBook`); None: the
    operation's verb and the entity (`CreateBook`, `ListBooks`)."""

    @property
    def module_stem(self) -> str:
        """`create_book`, `list_books`: the use case's module, named by its verb."""
        return snake_case(self.class_name)

    @property
    def package(self) -> str:
        return "commands" if self.operation in WRITES else "queries"

    @property
    def module(self) -> str:
        return f"app.application.{self.package}.{self.module_stem}"

    @property
    def class_name(self) -> str:
        if self.name is not None:
            return self.name
        return default_use_case(self.operation, self.entity)

    @property
    def input_class(self) -> str:
        """`CreateBookCommand`, `GetBookQuery`."""
        return self.class_name + ("Command" if self.package == "commands" else "Query")

    @property
    def current_user_check(self) -> str | None:
        """The CurrentUser method that lets the caller in; None: anyone."""
        return _CURRENT_USER_CHECK.get(self.access)

    @property
    def auth_group(self) -> str | None:
        """The shared error rules of the caller's checks."""
        return _ERROR_GROUP.get(self.access)

    @property
    def who(self) -> str:
        return _WHO[self.access]

    @property
    def auth_errors(self) -> tuple[str, ...]:
        return _AUTH_ERRORS[self.access]

    @property
    def auth_statuses(self) -> tuple[int, ...]:
        return _AUTH_STATUSES[self.access]

    @property
    def error_groups(self) -> tuple[str, ...]:
        """What the route's error map composes, from rules.py."""
        groups = [] if self.auth_group is None else [self.auth_group]
        groups += ["NOT_FOUND"] if self.operation in NAMES_ONE else []
        groups += ["CONFLICT"] if self.operation in WRITES_VALUES else []
        return (*groups, "STORAGE")

    @property
    def error_statuses(self) -> tuple[int, ...]:
        """The error answers OpenAPI documents for the route, sorted."""
        statuses = {422, 503, *self.auth_statuses}
        statuses |= {404} if "NOT_FOUND" in self.error_groups else set()
        statuses |= {409} if "CONFLICT" in self.error_groups else set()
        return tuple(sorted(statuses))


def parse_operations(values: tuple[str, ...], where: str) -> tuple[Operation, ...]:
    """`create,get` (or repeated flags) -> the operations, in route order."""
    if not values:
        return DEFAULT_OPERATIONS
    names = [name.strip() for value in values for name in value.split(",")]
    known = ", ".join(operation.value for operation in Operation)
    chosen = set()
    for name in names:
        if name not in Operation.__members__.values():
            raise ScaffoldError(where, f"'{name}' is not an operation (known: {known})")
        chosen.add(Operation(name))
    return tuple(operation for operation in Operation if operation in chosen)


def parse_access(
    values: tuple[str, ...], operations: tuple[Operation, ...], where: str
) -> dict[Operation, Access]:
    """`create=admin,list=public` (or repeated flags) over the defaults."""
    access = {operation: default_access(operation) for operation in operations}
    levels = ", ".join(level.value for level in Access)
    for item in (part.strip() for value in values for part in value.split(",")):
        name, separator, level = (text.strip() for text in item.partition("="))
        if not separator or level not in Access.__members__.values():
            raise ScaffoldError(
                where, f"'{item}' is not OPERATION=LEVEL (levels: {levels})"
            )
        if name not in {operation.value for operation in operations}:
            raise ScaffoldError(
                where, f"'{name}' is not one of the resource's operations"
            )
        access[Operation(name)] = Access(level)
    return access
