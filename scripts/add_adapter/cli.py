"""The `scripts/add-adapter` command line.

Each command imports what it needs when it runs, so `list` and `schema` do not
pay for Jinja2, Dishka and the checks.
"""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from add_adapter.paths import DEFAULT_ROOT, Project
from add_adapter.scaffold.problems import ScaffoldError
from add_adapter.scaffold.request import AdapterKind, AdapterRequest
from add_adapter.scaffold_cli import (
    AccessRevokerPortOption,
    AppScopeOption,
    CachePortOption,
    ConfigOption,
    DataMapperPortOption,
    DescriptionOption,
    DryRunOption,
    EntityOption,
    FieldOption,
    FinderOption,
    ForceOption,
    IdentityProviderPortOption,
    MethodOption,
    NoInputOption,
    PortOption,
    PublisherPortOption,
    ReaderFinderOption,
    ReaderPortOption,
    ReplaceOption,
    RepositoryPortOption,
    ScopeOption,
    StepPortOption,
    StoragePortOption,
    StorageTechnology,
    TableOption,
    TechnologyOption,
    UnlessOption,
    WhenOption,
    ask_list,
    build_request,
    fail_bad_input,
    interactive,
    run_add,
    run_remove,
)
from add_adapter.spec.errors import SpecError
from add_adapter.spec.model import Spec, load_spec
from add_adapter.spec.vocabulary import Scope
from add_adapter.sync.formatting import FormatterError

EXIT_CHECK_FAILED = 1
EXIT_INVALID_SPEC = 2

app = typer.Typer(
    name="add-adapter",
    help=(
        "Scaffold infrastructure adapters; keep the Dishka wiring in setup/ioc "
        "in step with setup/spec.json."
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich markup would eat the [brackets] of option syntax.
    rich_markup_mode=None,
    context_settings={"max_content_width": 100},
)

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


@app.command()
def sync(root: RootOption = DEFAULT_ROOT) -> None:
    """Write setup/ioc/{domain,application,use_cases,adapter_configs}.py and
    setup/adapter_settings.py from the spec."""
    from add_adapter.sync.wiring import sync as sync_project

    project = Project(root)
    try:
        synced = sync_project(project)
    except SpecError as error:
        _fail_on_invalid_spec(error, "nothing written")
    except FormatterError as error:
        _fail(str(error))
    for registration in synced.registrations.added:
        ports = ", ".join(port.rpartition(".")[2] for port in registration.ports)
        typer.echo(
            f"registered {registration.adapter} for {ports} "
            f"(kind {registration.kind.value}, scope {registration.scope.value})"
        )
    for ambiguity in synced.registrations.ambiguities:
        typer.echo(f"warning: {ambiguity}", err=True)
    for synced_file in synced.files:
        typer.echo(f"{synced_file.status.value:<9}  {synced_file.path.as_posix()}")


@app.command()
def check(
    root: RootOption = DEFAULT_ROOT,
    allow_gap: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-gap",
            metavar="MODULE.CLASS",
            help="A port (module.ClassName) whose combinations of settings "
            "without a binding are notes, not problems; the scaffolder passes "
            "the ports it writes with only a conditional binding.",
        ),
    ] = None,
) -> None:
    """Check that the spec, the generated wiring and the code agree."""
    from add_adapter.checks.runner import run_checks

    project = Project(root)
    spec = _load_or_exit(project)
    try:
        report = run_checks(project, spec, frozenset(allow_gap or ()))
    except FormatterError as error:
        _fail(str(error))
    for note in report.notes:
        typer.echo(f"note: {note}")
    if not report.passed:
        for problem in report.problems:
            typer.echo(f"error: {problem}", err=True)
        count = len(report.problems)
        _fail(f"check failed: {count} problem{'s' if count != 1 else ''}")
    typer.echo(report.summary)


@app.command("list")
def list_wiring(root: RootOption = DEFAULT_ROOT) -> None:
    """Print the wiring table: every port binding, then the use cases."""
    from add_adapter.reports.listing import format_table, wiring_rows

    typer.echo(format_table(wiring_rows(_load_or_exit(Project(root)))))


@app.command()
def schema(root: RootOption = DEFAULT_ROOT) -> None:
    """Write setup/spec.schema.json from the spec model."""
    from add_adapter.spec.schema import write_schema

    project = Project(root)
    status = write_schema(project)
    typer.echo(f"{status.value:<9}  {project.display(project.schema_path)}")


NameArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="Class name of the adapter: technology and role, e.g. "
        "SqlaBookRepository (at most 40 characters).",
    ),
]


@app.command("data-mapper")
def data_mapper(
    name: NameArgument,
    entity: EntityOption = None,
    field: FieldOption = None,
    port: DataMapperPortOption = None,
    scope: ScopeOption = None,
    table: TableOption = None,
    description: DescriptionOption = None,
    when: WhenOption = None,
    unless: UnlessOption = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    no_input: NoInputOption = False,
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Add a data mapper (write side): entity, table and migration, port, SQL
    and in-memory implementations, contract and adapter tests.

    \b
    Example:
      scripts/add-adapter data-mapper SqlaBookDataMapper \\
          --field "tenant_id: UUID ondelete=CASCADE" --field "code: str" \\
          --field "published_on: date | None"
    """
    _add_entity_adapter(
        AdapterKind.DATA_MAPPER,
        name,
        entity,
        field,
        port,
        scope,
        table,
        description,
        dry_run,
        force,
        no_input,
        root,
        when=when,
        unless=unless,
    )


@app.command()
def reader(
    name: NameArgument,
    entity: EntityOption = None,
    field: FieldOption = None,
    method: ReaderFinderOption = None,
    port: ReaderPortOption = None,
    scope: ScopeOption = None,
    table: TableOption = None,
    description: DescriptionOption = None,
    when: WhenOption = None,
    unless: UnlessOption = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    no_input: NoInputOption = False,
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Add a reader (query side) returning query models, paged and sorted,
    with its SQL and in-memory implementations and their tests.

    \b
    Example: (Book's fields are those in the spec)
      scripts/add-adapter reader SqlaBookReader \\
          --method "list_for_tenant(tenant_id: UUID) -> list[BookView]"
    """
    _add_entity_adapter(
        AdapterKind.READER,
        name,
        entity,
        field,
        port,
        scope,
        table,
        description,
        dry_run,
        force,
        no_input,
        root,
        methods=method,
        when=when,
        unless=unless,
    )


@app.command()
def model(
    name: NameArgument,
    entity: EntityOption = None,
    field: FieldOption = None,
    table: TableOption = None,
    description: DescriptionOption = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    no_input: NoInputOption = False,
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Add a table on its own: entity, SQLAlchemy model and migration.

    \b
    Example:
      scripts/add-adapter model TenantModel --field "name: str" --field "slug: str"
    """
    _add_entity_adapter(
        AdapterKind.MODEL,
        name,
        entity,
        field,
        None,
        None,
        table,
        description,
        dry_run,
        force,
        no_input,
        root,
    )


@app.command()
def repository(
    name: NameArgument,
    entity: EntityOption = None,
    field: FieldOption = None,
    method: FinderOption = None,
    port: RepositoryPortOption = None,
    scope: ScopeOption = None,
    table: TableOption = None,
    description: DescriptionOption = None,
    when: WhenOption = None,
    unless: UnlessOption = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    no_input: NoInputOption = False,
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Add a repository (the seeds' style): each method's body derived from its
    name, parameters and return type, with its port, in-memory twin and
    contract test (both implementations, SQLite and PostgreSQL).

    \b
    Example:
      scripts/add-adapter repository SqlaBookRepository \\
          --field "tenant_id: UUID" --field "code: str" --field "title: str" \\
          --method "create(book: Book) -> Book" \\
          --method "get_by_code(tenant_id: UUID, code: str) -> Book | None" \\
          --method "list_for_tenant(tenant_id: UUID) -> list[Book]"
    """
    if not method and interactive(no_input):
        method = ask_list("Methods ('name(param: type) -> type', separated by ';')")
    _add_entity_adapter(
        AdapterKind.REPOSITORY,
        name,
        entity,
        field,
        port,
        scope,
        table,
        description,
        dry_run,
        force,
        no_input,
        root,
        methods=method,
        when=when,
        unless=unless,
    )


@app.command("http-client")
def http_client(
    name: NameArgument,
    port: PortOption = None,
    method: MethodOption = None,
    config: ConfigOption = None,
    scope: AppScopeOption = None,
    description: DescriptionOption = None,
    when: WhenOption = None,
    unless: UnlessOption = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    no_input: NoInputOption = False,
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Add an HTTP client adapter: settings, timeouts, retries with backoff,
    idempotency keys, tests against a loopback server.

    \b
    Example:
      scripts/add-adapter http-client StripeClient \\
          --port app.application.ports.checkout_sessions.CheckoutSessions \\
          --method "create_session(amount_cents: int, currency: str) -> dict" \\
          --config STRIPE_SECRET_KEY
    """
    asking = interactive(no_input)
    if port is None and asking:
        port = typer.prompt("Port it implements (package.module.ClassName)")
    if not method and asking:
        method = ask_list(
            "Methods of a new port ('name(param: type) -> type', separated by ';';"
            " empty if the port exists)"
        )
    _add_request(
        root,
        dry_run,
        force,
        lambda: build_request(
            AdapterKind.HTTP_CLIENT,
            name,
            port=_required(port, "--port"),
            methods=method,
            config=config,
            scope=scope,
            description=description,
            when=when,
            unless=unless,
        ),
        no_input=no_input,
    )


@app.command("pipeline-step")
def pipeline_step(
    name: NameArgument,
    port: StepPortOption = None,
    calls: Annotated[
        str | None,
        typer.Option(
            "--calls",
            metavar="MODULE.PORT.METHOD",
            help="Collaborator method it calls: package.module.Port.method.",
            show_default="none: run only checks its reads",
        ),
    ] = None,
    reads: Annotated[
        list[str] | None,
        typer.Option(
            "--reads",
            metavar="KEY",
            help="Context key passed to the call, repeatable.",
            show_default="none",
        ),
    ] = None,
    writes: Annotated[
        str | None,
        typer.Option(
            "--writes",
            metavar="KEY",
            help="Context key the result is stored under.",
            show_default="none: the result is dropped",
        ),
    ] = None,
    scope: ScopeOption = None,
    description: DescriptionOption = None,
    when: WhenOption = None,
    unless: UnlessOption = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    no_input: NoInputOption = False,
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Add a pipeline step: run(context) in, a new context out.

    \b
    Example:
      scripts/add-adapter pipeline-step LoadUserStep --scope request \\
          --calls app.application.ports.user_reader.UserReader.get_user \\
          --reads user_id --writes user
    """
    _add_request(
        root,
        dry_run,
        force,
        lambda: build_request(
            AdapterKind.PIPELINE_STEP,
            name,
            port=port,
            calls=calls,
            reads=reads,
            writes=writes,
            scope=scope,
            description=description,
            when=when,
            unless=unless,
        ),
        no_input=no_input,
    )


@app.command("identity-provider")
def identity_provider(
    name: NameArgument,
    port: IdentityProviderPortOption = None,
    replace: ReplaceOption = False,
    description: DescriptionOption = None,
    when: WhenOption = None,
    unless: UnlessOption = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    no_input: NoInputOption = False,  # accepted for symmetry: nothing is asked
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Add an identity provider for API clients: the user behind the
    request's `Authorization: Bearer <token>` (the token log-in issues), with
    sliding expiry, and its tests on both databases.

    \b
    Example:
      scripts/add-adapter identity-provider BearerTokenIdentityProvider --replace
    """
    _add_auth_adapter(
        AdapterKind.IDENTITY_PROVIDER,
        name,
        port,
        replace,
        description,
        dry_run,
        force,
        root,
        when=when,
        unless=unless,
    )


@app.command("access-revoker")
def access_revoker(
    name: NameArgument,
    port: AccessRevokerPortOption = None,
    replace: ReplaceOption = False,
    description: DescriptionOption = None,
    when: WhenOption = None,
    unless: UnlessOption = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    no_input: NoInputOption = False,  # accepted for symmetry: nothing is asked
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Add an access revoker for API clients: deletes the session of the
    request's bearer token, or every session of a user, with its tests.

    \b
    Example:
      scripts/add-adapter access-revoker BearerTokenAccessRevoker --replace
    """
    _add_auth_adapter(
        AdapterKind.ACCESS_REVOKER,
        name,
        port,
        replace,
        description,
        dry_run,
        force,
        root,
        when=when,
        unless=unless,
    )


def _fixed_port_command(kind: AdapterKind, summary: str, port_option: object) -> None:
    """Register the command of a kind whose port's methods are fixed: they
    all take the same options but the default port (`port_option`)."""

    def command(
        name: NameArgument,
        port: PortOption = None,
        scope: AppScopeOption = None,
        description: DescriptionOption = None,
        when: WhenOption = None,
        unless: UnlessOption = None,
        dry_run: DryRunOption = False,
        force: ForceOption = False,
        no_input: NoInputOption = False,
        root: RootOption = DEFAULT_ROOT,
    ) -> None:
        # App-scoped by default: the adapter holds only app-scoped clients.
        _add_request(
            root,
            dry_run,
            force,
            lambda: build_request(
                kind,
                name,
                port=port,
                scope=scope or Scope.APP,
                description=description,
                when=when,
                unless=unless,
            ),
            no_input=no_input,
        )

    command.__doc__ = summary
    # Typer reads the signature at registration: this kind's default port.
    command.__annotations__["port"] = port_option
    app.command(kind.value)(command)


_fixed_port_command(
    AdapterKind.CACHE,
    """Add a cache: port (if new) of get/set/delete with TTLs, Redis adapter,
    in-memory twin, contract test (real Redis and in-memory), adapter test.
    With --when, the in-memory twin is bound where the adapter is not.

    \b
    Example:
      scripts/add-adapter cache RedisBookCache \\
          --port app.application.ports.book_cache.BookCache --when REDIS_URL
    """,
    CachePortOption,
)
_fixed_port_command(
    AdapterKind.MESSAGE_PUBLISHER,
    """Add a message publisher: port (if new) publishing JSON to topics,
    RabbitMQ adapter (persistent, confirmed, message ids), in-memory twin,
    contract test (real broker and in-memory), adapter test.

    \b
    Example:
      scripts/add-adapter message-publisher RabbitMqAuditPublisher \\
          --port app.application.ports.audit_publisher.AuditPublisher
    """,
    PublisherPortOption,
)


@app.command("file-storage")
def file_storage(
    name: NameArgument,
    port: StoragePortOption = None,
    scope: AppScopeOption = None,
    description: DescriptionOption = None,
    technology: TechnologyOption = StorageTechnology.LOCAL,
    when: WhenOption = None,
    unless: UnlessOption = None,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    no_input: NoInputOption = False,  # accepted for symmetry: nothing is asked
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Add a file storage: port (if new) of save/load/delete/exists by key,
    adapter on the local filesystem (atomic writes) or S3 (--technology s3),
    in-memory twin, contract test, adapter test. An S3 storage may join the
    file storage of a port: it is then bound where S3_BUCKET_URL is set.

    \b
    Example:
      scripts/add-adapter file-storage LocalFileInvoiceStorage \\
          --port app.application.ports.invoice_storage.InvoiceStorage
    """
    # App-scoped by default: the adapter holds only app-scoped clients.
    _add_request(
        root,
        dry_run,
        force,
        lambda: build_request(
            AdapterKind.FILE_STORAGE,
            name,
            port=port,
            scope=scope or Scope.APP,
            description=description,
            technology=technology.value,
            when=when,
            unless=unless,
        ),
        no_input=no_input,
    )


@app.command("from-json")
def from_json(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="Seed JSON array, or - for stdin."),
    ],
    write_paths: Annotated[
        bool,
        typer.Option(
            "--write-paths", help="Write code_path and test_path back into the items."
        ),
    ] = False,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Add every infrastructure item of a seed JSON array (seeds 000, 001):
    models, repositories (methods derived from their names, see README),
    readers, data mappers, HTTP clients, pipeline steps, caches, publishers,
    storages. Items of other layers are skipped and reported.

    \b
    Example:
      scripts/add-adapter from-json items.json --write-paths
      cat items.json | scripts/add-adapter from-json - --dry-run
    """
    from add_adapter.scaffold.from_json import parse_items, with_paths

    source = "stdin" if file == "-" else file
    try:
        text = (
            sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        )
    except OSError as error:
        fail_bad_input(ScaffoldError(source, f"cannot read: {error.strerror}"))
    try:
        items, parsed = parse_items(text, source)
    except ScaffoldError as error:
        fail_bad_input(error)
    for skipped in parsed.skipped:
        typer.echo(skipped)
    if not parsed.requests:
        typer.echo("no infrastructure items: nothing to do")
        return
    paths = run_add(
        root, parsed.requests, dry_run=dry_run, force=force, notes=tuple(parsed.notes)
    )
    if write_paths and not dry_run:
        updated = with_paths(
            items,
            {parsed.item_of_request[name]: value for name, value in paths.items()},
        )
        if file == "-":
            typer.echo(updated, nl=False)
        else:
            Path(file).write_text(updated, encoding="utf-8")
            typer.echo(f"updated    {file} (code_path, test_path)")


@app.command()
def remove(
    name: NameArgument,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Undo an addition: its files, spec entry and providers, and its tables
    through a new migration that drops them.

    \b
    Example:
      scripts/add-adapter remove SqlaBookRepository --dry-run
    """
    run_remove(root, name, dry_run=dry_run, force=force)


@app.command("record-shipped")
def record_shipped(root: RootOption = DEFAULT_ROOT) -> None:
    """Record the files of the adapters the project ships (modules, ports,
    table models, and what the scaffolder wrote for them) as they are now, in
    setup/generated-files.json: `remove` then deletes them while unchanged
    and protects them once edited. The base runs it after changing a shipped
    adapter; `dev.py new` runs it for each new service.
    """
    from add_adapter.scaffold.shipped import record_shipped as record

    project = Project(root)
    _load_or_exit(project)
    status = record(project)
    typer.echo(f"{status.value:<9}  setup/generated-files.json")


@app.command()
def graph(
    output: Annotated[
        Path, typer.Option("--output", metavar="FILE", help="Mermaid file to write.")
    ] = Path("docs/wiring.mmd"),
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Write a Mermaid diagram of the wiring (ports, adapters, scopes)."""
    from add_adapter.reports.graph import write_graph

    project = Project(root)
    _load_or_exit(project)
    status = write_graph(project, output)
    typer.echo(f"{status.value:<9}  {project.display(output)}")


def _add_entity_adapter(
    kind: AdapterKind,
    name: str,
    entity: str | None,
    fields: list[str] | None,
    port: str | None,
    scope: Scope | None,
    table: str | None,
    description: str | None,
    dry_run: bool,
    force: bool,
    no_input: bool,
    root: Path,
    methods: list[str] | None = None,
    *,
    when: list[str] | None = None,
    unless: list[str] | None = None,
) -> None:
    if not fields and interactive(no_input):
        fields = ask_list(
            "Fields ('name: type', comma-separated; empty to reuse the entity's)"
        )
    _add_request(
        root,
        dry_run,
        force,
        lambda: build_request(
            kind,
            name,
            entity=entity,
            fields=fields,
            port=port,
            scope=scope,
            table=table,
            description=description,
            methods=methods,
            when=when,
            unless=unless,
        ),
        no_input=no_input,
    )


def _add_auth_adapter(
    kind: AdapterKind,
    name: str,
    port: str | None,
    replace: bool,
    description: str | None,
    dry_run: bool,
    force: bool,
    root: Path,
    *,
    when: list[str] | None = None,
    unless: list[str] | None = None,
) -> None:
    _add_request(
        root,
        dry_run,
        force,
        lambda: build_request(
            kind,
            name,
            port=port,
            description=description,
            replace=replace,
            when=when,
            unless=unless,
        ),
    )


def _add_request(
    root: Path,
    dry_run: bool,
    force: bool,
    build: Callable[[], AdapterRequest],
    no_input: bool = True,
) -> None:
    try:
        request = build()
    except ScaffoldError as error:
        fail_bad_input(error)
    run_add(root, [request], dry_run=dry_run, force=force, asking=interactive(no_input))


def _required(value: str | None, option: str) -> str:
    if value is None:
        raise ScaffoldError(
            option, "is required (or run at a terminal without --no-input to be asked)"
        )
    return value


def _load_or_exit(project: Project) -> Spec:
    try:
        return load_spec(project.spec_path)
    except SpecError as error:
        _fail_on_invalid_spec(error, "nothing checked")


def _fail_on_invalid_spec(error: SpecError, consequence: str) -> NoReturn:
    for problem in error.problems:
        typer.echo(f"error: {problem}", err=True)
    typer.echo(f"the spec is invalid: {consequence}", err=True)
    raise typer.Exit(EXIT_INVALID_SPEC)


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_CHECK_FAILED)


def main() -> None:
    """Entry point of `scripts/add-adapter`."""
    app(prog_name="add-adapter")
