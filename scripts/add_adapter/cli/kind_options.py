"""The options of the kind commands (`scripts/add-adapter KIND NAME`), each
declared once, and `KindOptions`, the one object they fill."""

import inspect
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Annotated, Any

import typer

from add_adapter.specification.vocabulary import Scope


class StorageTechnology(StrEnum):
    """What a file storage runs on (`file-storage --technology`)."""

    LOCAL = "local"
    S3 = "s3"


@dataclass(frozen=True)
class KindOptions:
    """What a kind command was asked for: its NAME and the values of its
    options, None (or empty) where the kind has no such option or it was not
    given."""

    name: str
    entity: str | None = None
    fields: list[str] | None = None
    methods: list[str] | None = None
    port: str | None = None
    scope: Scope | None = None
    table: str | None = None
    description: str | None = None
    config: list[str] | None = None
    calls: str | None = None
    reads: list[str] | None = None
    writes: str | None = None
    replace: bool = False
    technology: StorageTechnology | None = None
    when: list[str] | None = None
    unless: list[str] | None = None
    operations: list[str] | None = None
    auth: list[str] | None = None
    event: bool = False


@dataclass(frozen=True)
class KindOption:
    """One option of a kind command: the KindOptions field it fills (also the
    command's parameter), its type with typer's declaration, its default."""

    field: str
    annotation: Any  # Annotated[type, typer.Option(...)]
    default: object = None
    required: bool = False
    """Refused when missing after the prompts (`--port` of an HTTP client)."""

    @property
    def flag(self) -> str:
        return f"--{self.field}"

    def parameter(self) -> inspect.Parameter:
        return inspect.Parameter(
            self.field,
            inspect.Parameter.KEYWORD_ONLY,
            default=self.default,
            annotation=self.annotation,
        )


def _option(
    field: str,
    value_type: Any,
    flag: str,
    help_text: str,
    *,
    metavar: str | None = None,
    show_default: str | bool = True,
    default: object = None,
) -> KindOption:
    declaration = typer.Option(
        flag, metavar=metavar, help=help_text, show_default=show_default
    )
    return KindOption(field, Annotated[value_type, declaration], default)


def port_option(default: str, *, required: bool = False) -> KindOption:
    """`--port`, showing the port the kind implements when it is not given."""
    option = _option(
        "port",
        str | None,
        "--port",
        "The port it implements, e.g. app.application.ports.book_cache.BookCache.",
        metavar="MODULE.CLASS",
        show_default=default,
    )
    return replace(option, required=required)


def scope_option(default: Scope) -> KindOption:
    """`--scope`; `default` is the kind's scope when it is not given."""
    return _option(
        "scope",
        Scope | None,
        "--scope",
        "Dishka scope: one instance per app, or per request.",
        metavar="app|request",
        show_default=default.value,
        default=default,
    )


def _method_option(help_text: str, show_default: str | bool = True) -> KindOption:
    return _option(
        "methods",
        list[str] | None,
        "--method",
        help_text,
        metavar="'NAME(PARAM: TYPE, ...) -> TYPE'",
        show_default=show_default,
    )


ENTITY = _option(
    "entity",
    str | None,
    "--entity",
    "The entity class, e.g. Book.",
    metavar="CLASS",
    show_default="NAME without technology and role: SqlaBookRepository -> Book",
)
FIELDS = _option(
    "fields",
    list[str] | None,
    "--field",
    "A field of the entity, repeatable: 'code: str', 'note: str | None', "
    "'tenant_id: UUID ondelete=CASCADE', with the options [unique=True] "
    "[index=True] [ondelete=CASCADE] [unique_with=tenant_id]. Types: int, "
    "str, float, bool, datetime, date, time, list[str], dict, bytes, "
    "Decimal, UUID. Without an 'id' field the id is a UUID.",
    metavar="'NAME: TYPE [OPTION=VALUE...]'",
    show_default="the entity's fields in setup/spec.json",
)
PORT_METHODS = _method_option(
    "A method of the port, repeatable, e.g. "
    "'get_by_code(tenant_id: UUID, code: str) -> Book | None'."
)
REPOSITORY_METHODS = _method_option(
    "A method, repeatable, its body derived from the grammar "
    "<verb>[_<what>][_by_<field>[_and_<field>...] | _for_<field>] "
    "(verbs get, find, list, count, exists, delete; create/add/save/insert "
    "and update take the entity): parameters are named after fields "
    "(<entity>_id is the id), limit/offset page a list, the return type "
    "picks the shape, e.g. 'get_by_code(tenant_id: UUID, code: str) -> "
    "Book | None'.",
    show_default="create, get_by_id, get_all, update, delete",
)
READER_METHODS = _method_option(
    "A finder besides get_<entity> and list_<entities>, repeatable, "
    "derived as a repository's (get, find, list, count, exists) and "
    "returning views, e.g. 'list_for_tenant(tenant_id: UUID) -> "
    "list[BookView]'.",
    show_default="none",
)
TABLE = _option(
    "table",
    str | None,
    "--table",
    "The table name.",
    metavar="TABLE",
    show_default="the entity's plural, snake_case: books",
)
DESCRIPTION = _option(
    "description",
    str | None,
    "--description",
    "What the adapter does, in your words: its docstring and the spec "
    "entry's description (wrapped, never cut). Ports and entities get "
    "docstrings of their own role.",
    metavar="TEXT",
)
CONFIG = _option(
    "config",
    list[str] | None,
    "--config",
    "An extra setting of the client, repeatable, e.g. STRIPE_SECRET_KEY "
    "(a *_KEY, *TOKEN* or *SECRET* one is a secret; the first key or token "
    "is sent as the bearer token).",
    metavar="SETTING",
    show_default="<SERVICE>_BASE_URL, _TIMEOUT_SECONDS, _MAX_ATTEMPTS only",
)
CALLS = _option(
    "calls",
    str | None,
    "--calls",
    "Collaborator method it calls: package.module.Port.method.",
    metavar="MODULE.PORT.METHOD",
    show_default="none: run only checks its reads",
)
READS = _option(
    "reads",
    list[str] | None,
    "--reads",
    "Context key passed to the call, repeatable.",
    metavar="KEY",
    show_default="none",
)
WRITES = _option(
    "writes",
    str | None,
    "--writes",
    "Context key the result is stored under.",
    metavar="KEY",
    show_default="none: the result is dropped",
)
REPLACE = _option(
    "replace",
    bool,
    "--replace",
    "Take the port's binding from the adapter that has it (its code "
    "stays; `remove NAME` binds it again).",
    default=False,
)
TECHNOLOGY = _option(
    "technology",
    StorageTechnology,
    "--technology",
    "local: files under FILE_STORAGE_ROOT; s3: objects in the bucket of S3_BUCKET_URL.",
    metavar="local|s3",
    default=StorageTechnology.LOCAL,
)
WHEN = _option(
    "when",
    list[str] | None,
    "--when",
    "Bind the adapter only while this setting is set, e.g. REDIS_URL "
    "(repeatable: all must hold).",
    metavar="SETTING",
    show_default="always bound",
)
UNLESS = _option(
    "unless",
    list[str] | None,
    "--unless",
    "Bind the adapter only while this setting is not set (repeatable).",
    metavar="SETTING",
    show_default="always bound",
)
CONDITIONS = (WHEN, UNLESS)
OPERATIONS = _option(
    "operations",
    list[str] | None,
    "--operations",
    "The resource's operations, comma-separated (or repeated): create, "
    "get, list, update, delete.",
    metavar="OPERATION,...",
    show_default="all five",
)
AUTH = _option(
    "auth",
    list[str] | None,
    "--auth",
    "Who may call an operation: OPERATION=public|user|admin, "
    "comma-separated (or repeated), e.g. create=admin,list=public.",
    metavar="OPERATION=LEVEL,...",
    show_default="get and list public, the writes admin",
)
EVENT = _option(
    "event",
    bool,
    "--event",
    "The create records <Entity>Created through the outbox, in the "
    "create's transaction.",
    default=False,
)
