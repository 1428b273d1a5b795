"""The scaffolding commands, one per kind: `scripts/add-adapter KIND NAME`."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from add_adapter.cli.options import (
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
    NameArgument,
    NoInputOption,
    PortOption,
    PublisherPortOption,
    ReaderFinderOption,
    ReaderPortOption,
    ReplaceOption,
    RepositoryPortOption,
    RootOption,
    ScopeOption,
    StepPortOption,
    StoragePortOption,
    StorageTechnology,
    TableOption,
    TechnologyOption,
    UnlessOption,
    WhenOption,
)
from add_adapter.cli.prompts import ask_list, interactive
from add_adapter.cli.scaffolding import run_add
from add_adapter.paths import DEFAULT_ROOT
from add_adapter.scaffold.bound_when import conditions_from_flags
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.fields import parse_field
from add_adapter.scaffold.request import (
    AdapterKind,
    AdapterRequest,
    check_class_name,
    check_port_path,
    parse_method_signature,
)
from add_adapter.spec.vocabulary import Scope


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


def _fixed_port_command(
    kind: AdapterKind, summary: str, port_option: object
) -> Callable[..., None]:
    """The command of a kind whose port's methods are fixed: they all take
    the same options but the default port (`port_option`)."""

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
    return command


cache = _fixed_port_command(
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
message_publisher = _fixed_port_command(
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
    run_add(root, [build()], dry_run=dry_run, force=force, asking=interactive(no_input))


def _required(value: str | None, option: str) -> str:
    if value is None:
        raise ScaffoldError(
            option, "is required (or run at a terminal without --no-input to be asked)"
        )
    return value


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
