"""The options and arguments of `scripts/add-adapter`, each declared once."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from add_adapter.spec.vocabulary import Scope

RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        envvar="ADD_ADAPTER_ROOT",
        metavar="DIR",
        help="Root of the project to work on (holds setup/spec.json and src/app).",
        file_okay=False,
        exists=True,
        resolve_path=True,
    ),
]

NameArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="Class name of the adapter: technology and role, e.g. "
        "SqlaBookRepository (at most 40 characters).",
    ),
]

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the plan and the diff; write nothing.")
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Overwrite generated files you have edited.")
]
NoInputOption = Annotated[
    bool,
    typer.Option(
        "--no-input",
        help="Never ask (the default without a terminal); missing "
        "arguments are errors.",
    ),
]
EntityOption = Annotated[
    str | None,
    typer.Option(
        "--entity",
        metavar="CLASS",
        help="The entity class, e.g. Book.",
        show_default="NAME without technology and role: SqlaBookRepository -> Book",
    ),
]
FieldOption = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        metavar="'NAME: TYPE [OPTION=VALUE...]'",
        help="A field of the entity, repeatable: 'code: str', 'note: str | None', "
        "'tenant_id: UUID ondelete=CASCADE', with the options [unique=True] "
        "[index=True] [ondelete=CASCADE] [unique_with=tenant_id]. Types: int, "
        "str, float, bool, datetime, date, time, list[str], dict, bytes, "
        "Decimal, UUID. Without an 'id' field the id is a UUID.",
        show_default="the entity's fields in setup/spec.json",
    ),
]


def _port_option(default: str) -> Any:  # typer.Option is typed Any
    return typer.Option(
        "--port",
        metavar="MODULE.CLASS",
        help="The port it implements, e.g. app.application.ports.book_cache.BookCache.",
        show_default=default,
    )


PortOption = Annotated[str | None, _port_option("none: required")]
DataMapperPortOption = Annotated[
    str | None,
    _port_option("app.application.ports.<entity>_data_mapper.<Entity>DataMapper"),
]
ReaderPortOption = Annotated[
    str | None, _port_option("app.application.ports.<entity>_reader.<Entity>Reader")
]
RepositoryPortOption = Annotated[
    str | None,
    _port_option("app.application.ports.<entity>_repository.<Entity>Repository"),
]
StepPortOption = Annotated[
    str | None, _port_option("app.application.ports.<name>.<Name>Port")
]
IdentityProviderPortOption = Annotated[
    str | None,
    _port_option("app.application.ports.identity_provider.IdentityProvider"),
]
AccessRevokerPortOption = Annotated[
    str | None, _port_option("app.application.ports.access_revoker.AccessRevoker")
]
CachePortOption = Annotated[
    str | None, _port_option("app.application.ports.cache.Cache")
]
PublisherPortOption = Annotated[
    str | None,
    _port_option("app.application.ports.message_publisher.MessagePublisher"),
]
StoragePortOption = Annotated[
    str | None, _port_option("app.application.ports.file_storage.FileStorage")
]


def _scope_option(default: Scope) -> Any:  # typer.Option is typed Any
    return typer.Option(
        "--scope",
        metavar="app|request",
        help="Dishka scope: one instance per app, or per request.",
        show_default=default.value,
    )


ScopeOption = Annotated[Scope | None, _scope_option(Scope.REQUEST)]
AppScopeOption = Annotated[Scope | None, _scope_option(Scope.APP)]
TableOption = Annotated[
    str | None,
    typer.Option(
        "--table",
        metavar="TABLE",
        help="The table name.",
        show_default="the entity's plural, snake_case: books",
    ),
]
DescriptionOption = Annotated[
    str | None,
    typer.Option(
        "--description",
        metavar="TEXT",
        help=(
            "What the adapter does, in your words: its docstring and the spec "
            "entry's description (wrapped, never cut). Ports and entities get "
            "docstrings of their own role."
        ),
    ),
]
MethodOption = Annotated[
    list[str] | None,
    typer.Option(
        "--method",
        metavar="'NAME(PARAM: TYPE, ...) -> TYPE'",
        help="A method of the port, repeatable, e.g. "
        "'get_by_code(tenant_id: UUID, code: str) -> Book | None'.",
    ),
]
FinderOption = Annotated[
    list[str] | None,
    typer.Option(
        "--method",
        metavar="'NAME(PARAM: TYPE, ...) -> TYPE'",
        help="A method, repeatable, its body derived from the grammar "
        "<verb>[_<what>][_by_<field>[_and_<field>...] | _for_<field>] "
        "(verbs get, find, list, count, exists, delete; create/add/save/insert "
        "and update take the entity): parameters are named after fields "
        "(<entity>_id is the id), limit/offset page a list, the return type "
        "picks the shape, e.g. 'get_by_code(tenant_id: UUID, code: str) -> "
        "Book | None'.",
        show_default="create, get_by_id, get_all, update, delete",
    ),
]
ReaderFinderOption = Annotated[
    list[str] | None,
    typer.Option(
        "--method",
        metavar="'NAME(PARAM: TYPE, ...) -> TYPE'",
        help="A finder besides get_<entity> and list_<entities>, repeatable, "
        "derived as a repository's (get, find, list, count, exists) and "
        "returning views, e.g. 'list_for_tenant(tenant_id: UUID) -> "
        "list[BookView]'.",
        show_default="none",
    ),
]
ReplaceOption = Annotated[
    bool,
    typer.Option(
        "--replace",
        help="Take the port's binding from the adapter that has it (its code "
        "stays; `remove NAME` binds it again).",
    ),
]


class StorageTechnology(StrEnum):
    """What a file storage runs on (`file-storage --technology`)."""

    LOCAL = "local"
    S3 = "s3"


TechnologyOption = Annotated[
    StorageTechnology,
    typer.Option(
        "--technology",
        metavar="local|s3",
        help="local: files under FILE_STORAGE_ROOT; s3: objects in the bucket "
        "of S3_BUCKET_URL.",
    ),
]
ConfigOption = Annotated[
    list[str] | None,
    typer.Option(
        "--config",
        metavar="SETTING",
        help="An extra setting of the client, repeatable, e.g. STRIPE_SECRET_KEY "
        "(a *_KEY, *TOKEN* or *SECRET* one is a secret; the first key or token "
        "is sent as the bearer token).",
        show_default="<SERVICE>_BASE_URL, _TIMEOUT_SECONDS, _MAX_ATTEMPTS only",
    ),
]
WhenOption = Annotated[
    list[str] | None,
    typer.Option(
        "--when",
        metavar="SETTING",
        help="Bind the adapter only while this setting is set, e.g. REDIS_URL "
        "(repeatable: all must hold).",
        show_default="always bound",
    ),
]
UnlessOption = Annotated[
    list[str] | None,
    typer.Option(
        "--unless",
        metavar="SETTING",
        help="Bind the adapter only while this setting is not set (repeatable).",
        show_default="always bound",
    ),
]
