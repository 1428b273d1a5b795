"""The scaffolding commands of `scripts/add-adapter`: one per kind, plus
`from-json` and `remove`. They share options and one way of reporting."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from add_adapter.paths import Project
from add_adapter.scaffold.bound_when import conditions_from_flags
from add_adapter.scaffold.fields import parse_field
from add_adapter.scaffold.problems import ScaffoldError
from add_adapter.scaffold.request import (
    AdapterKind,
    AdapterRequest,
    check_class_name,
    check_port_path,
    parse_method_signature,
)
from add_adapter.spec.model import Component
from add_adapter.spec.vocabulary import Scope

if TYPE_CHECKING:
    from add_adapter.scaffold.run import Outcome
    from add_adapter.scaffold.stage import StagingError

EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2

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


def run_add(
    root: Path,
    requests: list[AdapterRequest],
    *,
    dry_run: bool,
    force: bool,
    notes: tuple[str, ...] = (),
    asking: bool = False,
) -> dict[str, tuple[str | None, str | None]]:
    """Add, report, exit non-zero on refusal; returns each addition's paths.
    `asking`: a person is there to name a class to bind where a condition
    leaves a new port without its adapter."""
    from add_adapter.scaffold.run import add
    from add_adapter.scaffold.stage import StagingError

    try:
        outcome = add(
            Project(root),
            requests,
            dry_run=dry_run,
            force=force,
            ask=ask_stand_in if asking else None,
        )
    except ScaffoldError as error:
        fail_bad_input(error)
    except StagingError as error:
        fail_internal(error)
    for note in [*notes, *outcome.notes]:
        typer.echo(f"note: {note}")
    _report(outcome, dry_run=dry_run)
    return {
        a.owner: (
            a.code_path.as_posix() if a.code_path else None,
            a.test_path.as_posix() if a.test_path else None,
        )
        for a in outcome.additions
    }


def run_remove(root: Path, name: str, *, dry_run: bool, force: bool) -> None:
    from add_adapter.scaffold.run import remove
    from add_adapter.scaffold.stage import StagingError

    try:
        outcome = remove(Project(root), name, dry_run=dry_run, force=force)
    except ScaffoldError as error:
        fail_bad_input(error)
    except StagingError as error:
        fail_internal(error, "nothing removed")
    for note in outcome.notes:
        typer.echo(f"note: {note}")
    _report(outcome, dry_run=dry_run)


def _report(outcome: "Outcome", *, dry_run: bool) -> None:
    for change in outcome.changes:
        typer.echo(f"{change.status.value:<9}  {change.path.as_posix()}")
    if dry_run:
        for change in outcome.changes:
            if change.status.value != "identical":
                typer.echo(change.diff(), nl=False)
        typer.echo("dry run: nothing written")
        return
    if outcome.conflicts and not outcome.written:
        for change in outcome.conflicts:
            typer.echo(change.diff(), nl=False, err=True)
        count = len(outcome.conflicts)
        deleted = all(change.new is None for change in outcome.conflicts)
        verb = "delete" if deleted else "overwrite"
        typer.echo(
            f"error: {count} file{'s' if count != 1 else ''} edited since generated "
            f"or shipped would be {verb}d; nothing written (use --force to {verb})",
            err=True,
        )
        raise typer.Exit(EXIT_REFUSED)
    if all(change.status.value == "identical" for change in outcome.changes):
        typer.echo("nothing to change")


def fail_internal(
    error: "StagingError", consequence: str = "nothing written"
) -> NoReturn:
    """A check failing in the staged copy: the generator's fault, not the
    input's (bad input is refused before staging)."""
    typer.echo(
        f"internal error: {error}; {consequence}; details in {error.details}\n"
        "This is a bug of add-adapter: please report it with that file (the "
        "staged project is kept beside it).",
        err=True,
    )
    raise typer.Exit(EXIT_REFUSED)


def fail_bad_input(error: ScaffoldError) -> NoReturn:
    typer.echo(f"error: {error}", err=True)
    typer.echo("nothing written", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def interactive(no_input: bool) -> bool:
    """Ask for what is missing only when a person is at a terminal."""
    return not no_input and sys.stdin.isatty()


def ask_stand_in(port: str, request: AdapterRequest, twin: Component) -> bool:
    """Whether to bind the test double `twin` to `port` where `request`'s
    condition does not hold."""
    [condition] = request.when
    state = "unset" if condition.set else "set"
    return typer.confirm(
        f"{port} has no adapter while {condition.setting} is {state}. Bind "
        f"{twin.class_name} there (the in-memory test double: nothing it "
        "stores outlives the process)? No: `check` reports the gap until you "
        "bind one",
        default=False,
    )


def ask_list(prompt: str) -> list[str]:
    """Comma- or semicolon-separated answers; empty means none."""
    answer: str = typer.prompt(prompt, default="", show_default=False)
    separator = ";" if ";" in answer else ","
    return [part.strip() for part in answer.split(separator) if part.strip()]


def build_request(
    kind: AdapterKind,
    name: str,
    *,
    entity: str | None = None,
    fields: list[str] | None = None,
    port: str | None = None,
    scope: Scope | None = None,
    table: str | None = None,
    description: str | None = None,
    methods: list[str] | None = None,
    config: list[str] | None = None,
    calls: str | None = None,
    reads: list[str] | None = None,
    writes: str | None = None,
    replace: bool = False,
    technology: str | None = None,
    when: list[str] | None = None,
    unless: list[str] | None = None,
) -> AdapterRequest:
    """A request from flags; raises ScaffoldError naming the flag."""
    class_name = check_class_name(name, "NAME")
    if port is not None:
        check_port_path(port, "--port")
    default_scope = Scope.APP if kind is AdapterKind.HTTP_CLIENT else Scope.REQUEST
    return AdapterRequest(
        kind=kind,
        class_name=class_name,
        origin="",
        scope=scope or default_scope,
        entity=check_class_name(entity, "--entity") if entity else None,
        fields=tuple(
            parse_field(text, f"--field[{index}]")
            for index, text in enumerate(fields or [])
        ),
        table_name=table,
        port=port,
        methods=tuple(
            parse_method_signature(text, f"--method[{index}]")
            for index, text in enumerate(methods or [])
        ),
        description=description,
        config=tuple(config or ()),
        calls=calls,
        reads=tuple(reads or ()),
        writes=writes,
        replace=replace,
        technology=technology,
        when=conditions_from_flags(when or [], unless or []),
        fields_key="--field",
    )
