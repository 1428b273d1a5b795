"""Every kind command, one row each: its help, its options in the order
`--help` lists them, and what it asks a person at a terminal when a flag is
missing. cli/kinds.py turns each row into a command."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from add_adapter.cli.kind_options import (
    AUTH,
    CALLS,
    CONDITIONS,
    CONFIG,
    DESCRIPTION,
    ENTITY,
    EVENT,
    FIELDS,
    OPERATIONS,
    PORT_METHODS,
    READER_METHODS,
    READS,
    REPLACE,
    REPOSITORY_METHODS,
    TABLE,
    TECHNOLOGY,
    WRITES,
    KindOption,
    KindOptions,
    port_option,
    scope_option,
)
from add_adapter.cli.options import EntityArgument, NameArgument
from add_adapter.cli.prompts import (
    ask_fields,
    ask_port,
    ask_port_methods,
    ask_repository_methods,
)
from add_adapter.scaffold.request import AdapterKind
from add_adapter.specification.vocabulary import Scope

Prompt = Callable[[KindOptions], KindOptions]


@dataclass(frozen=True)
class KindCommand:
    """The command `scripts/add-adapter KIND NAME` of one kind."""

    kind: AdapterKind
    help: str
    options: tuple[KindOption, ...]
    prompts: tuple[Prompt, ...] = ()
    """Asked in order, at a terminal without --no-input."""
    name_argument: Any = NameArgument
    """What NAME is: the adapter's class (Annotated with typer's declaration)."""

    @property
    def default_scope(self) -> Scope:
        """The scope of the kind's adapters unless `--scope` says otherwise."""
        for option in self.options:
            if option.field == "scope" and isinstance(option.default, Scope):
                return option.default
        return Scope.REQUEST


_TAKES_OVER_A_BINDING = (REPLACE, DESCRIPTION, *CONDITIONS)
"""The options of the auth kinds after --port: their adapters usually replace
the shipped one (--replace)."""

KIND_COMMANDS = (
    KindCommand(
        AdapterKind.DATA_MAPPER,
        help="""Add a data mapper (write side): entity, table and migration, port, SQL
        and in-memory implementations, contract and adapter tests.

        \b
        Example:
          scripts/add-adapter data-mapper SqlaBookDataMapper \\
              --field "tenant_id: UUID ondelete=CASCADE" --field "code: str" \\
              --field "published_on: date | None"
        """,
        options=(
            ENTITY,
            FIELDS,
            port_option(
                "app.application.ports.<entity>_data_mapper.<Entity>DataMapper"
            ),
            scope_option(Scope.REQUEST),
            TABLE,
            DESCRIPTION,
            *CONDITIONS,
        ),
        prompts=(ask_fields,),
    ),
    KindCommand(
        AdapterKind.READER,
        help="""Add a reader (query side) returning query models, paged and sorted,
        with its SQL and in-memory implementations and their tests.

        \b
        Example: (Book's fields are those in the spec)
          scripts/add-adapter reader SqlaBookReader \\
              --method "list_for_tenant(tenant_id: UUID) -> list[BookView]"
        """,
        options=(
            ENTITY,
            FIELDS,
            READER_METHODS,
            port_option("app.application.ports.<entity>_reader.<Entity>Reader"),
            scope_option(Scope.REQUEST),
            TABLE,
            DESCRIPTION,
            *CONDITIONS,
        ),
        prompts=(ask_fields,),
    ),
    KindCommand(
        AdapterKind.MODEL,
        help="""Add a table on its own: entity, SQLAlchemy model and migration.

        \b
        Example:
          scripts/add-adapter model TenantModel --field "name: str" --field "slug: str"
        """,
        options=(ENTITY, FIELDS, TABLE, DESCRIPTION),
        prompts=(ask_fields,),
    ),
    KindCommand(
        AdapterKind.REPOSITORY,
        help="""Add a repository (the seeds' style): each method's body derived from its
        name, parameters and return type, with its port, in-memory twin and
        contract test (both implementations, SQLite and PostgreSQL).

        \b
        Example:
          scripts/add-adapter repository SqlaBookRepository \\
              --field "tenant_id: UUID" --field "code: str" --field "title: str" \\
              --method "create(book: Book) -> Book" \\
              --method "get_by_code(tenant_id: UUID, code: str) -> Book | None" \\
              --method "list_for_tenant(tenant_id: UUID) -> list[Book]"
        """,
        options=(
            ENTITY,
            FIELDS,
            REPOSITORY_METHODS,
            port_option("app.application.ports.<entity>_repository.<Entity>Repository"),
            scope_option(Scope.REQUEST),
            TABLE,
            DESCRIPTION,
            *CONDITIONS,
        ),
        prompts=(ask_repository_methods, ask_fields),
    ),
    KindCommand(
        AdapterKind.HTTP_CLIENT,
        help="""Add an HTTP client adapter: settings, timeouts, retries with backoff,
        idempotency keys, tests against a loopback server.

        \b
        Example:
          scripts/add-adapter http-client StripeClient \\
              --port app.application.ports.checkout_sessions.CheckoutSessions \\
              --method "create_session(amount_cents: int, currency: str) -> dict" \\
              --config STRIPE_SECRET_KEY
        """,
        options=(
            port_option("none: required", required=True),
            PORT_METHODS,
            CONFIG,
            scope_option(Scope.APP),
            DESCRIPTION,
            *CONDITIONS,
        ),
        prompts=(ask_port, ask_port_methods),
    ),
    KindCommand(
        AdapterKind.PIPELINE_STEP,
        help="""Add a pipeline step: run(context) in, a new context out.

        Without --port, the step's port is named by its role: the class name
        without Step, its first word (a verb) made the doer and put last:
        LoadUserStep implements app.application.ports.user_loader.UserLoader,
        MarkInvoicePaidStep InvoicePaidMarker. A first word with a noun's
        ending (-ion, -ment, -ing...) keeps the name as it is (EnrichmentStep:
        Enrichment).

        \b
        Example:
          scripts/add-adapter pipeline-step LoadUserStep --scope request \\
              --calls app.application.ports.user_reader.UserReader.get_user \\
              --reads user_id --writes user
        """,
        options=(
            port_option(
                "app.application.ports.<role>.<Role>: LoadUserStep -> UserLoader"
            ),
            CALLS,
            READS,
            WRITES,
            scope_option(Scope.REQUEST),
            DESCRIPTION,
            *CONDITIONS,
        ),
    ),
    KindCommand(
        AdapterKind.IDENTITY_PROVIDER,
        help="""Add an identity provider for API clients: the user behind the
        request's `Authorization: Bearer <token>` (the token log-in issues), with
        sliding expiry, and its tests on both databases.

        \b
        Example:
          scripts/add-adapter identity-provider BearerTokenIdentityProvider --replace
        """,
        options=(
            port_option("app.application.ports.identity_provider.IdentityProvider"),
            *_TAKES_OVER_A_BINDING,
        ),
    ),
    KindCommand(
        AdapterKind.ACCESS_REVOKER,
        help="""Add an access revoker for API clients: deletes the session of the
        request's bearer token, or every session of a user, with its tests.

        \b
        Example:
          scripts/add-adapter access-revoker BearerTokenAccessRevoker --replace
        """,
        options=(
            port_option("app.application.ports.access_revoker.AccessRevoker"),
            *_TAKES_OVER_A_BINDING,
        ),
    ),
    KindCommand(
        AdapterKind.CACHE,
        help="""Add a cache: port (if new) of get/set/delete with TTLs, Redis adapter,
        in-memory twin, contract test (real Redis and in-memory), adapter test.
        With --when, the in-memory twin is bound where the adapter is not (and
        written into app/infrastructure/in_memory/); an in-memory twin nothing
        binds is a test double, written into tests/support/doubles/.

        \b
        Example:
          scripts/add-adapter cache RedisBookCache \\
              --port app.application.ports.book_cache.BookCache --when REDIS_URL
        """,
        options=(
            port_option("app.application.ports.cache.Cache"),
            scope_option(Scope.APP),
            DESCRIPTION,
            *CONDITIONS,
        ),
    ),
    KindCommand(
        AdapterKind.MESSAGE_PUBLISHER,
        help="""Add a message publisher: port (if new) publishing JSON to topics,
        RabbitMQ adapter (persistent, confirmed, message ids), in-memory twin,
        contract test (real broker and in-memory), adapter test.

        \b
        Example:
          scripts/add-adapter message-publisher RabbitMqAuditPublisher \\
              --port app.application.ports.audit_publisher.AuditPublisher
        """,
        options=(
            port_option("app.application.ports.message_publisher.MessagePublisher"),
            scope_option(Scope.APP),
            DESCRIPTION,
            *CONDITIONS,
        ),
    ),
    KindCommand(
        AdapterKind.FILE_STORAGE,
        help="""Add a file storage: port (if new) of save/load/delete/exists by key,
        adapter on the local filesystem (atomic writes) or S3 (--technology s3),
        in-memory twin, contract test, adapter test. An S3 storage may join the
        file storage of a port: it is then bound where S3_BUCKET_URL is set.

        \b
        Example:
          scripts/add-adapter file-storage LocalFileInvoiceStorage \\
              --port app.application.ports.invoice_storage.InvoiceStorage
        """,
        options=(
            port_option("app.application.ports.file_storage.FileStorage"),
            scope_option(Scope.APP),
            DESCRIPTION,
            TECHNOLOGY,
            *CONDITIONS,
        ),
    ),
    KindCommand(
        AdapterKind.RESOURCE,
        help="""Add a resource: an entity served over HTTP. Its data mapper and reader
        (unless the spec binds them already), one use case per operation, request
        and response schemas, a controller under /api/v1/<entities> whose routes
        compose the shared error rules, its router entry, use-case tests on
        in-memory fakes and route tests on SQLite and PostgreSQL. NAME is the
        entity; `remove NAME` undoes it all.

        \b
        Example:
          scripts/add-adapter resource Book --field "title: str" \\
              --field "isbn: str [unique=True]" \\
              --operations create,get,list,update,delete --auth list=user
        """,
        options=(FIELDS, OPERATIONS, AUTH, EVENT, TABLE),
        prompts=(ask_fields,),
        name_argument=EntityArgument,
    ),
)

_BY_KIND = {command.kind: command for command in KIND_COMMANDS}


def kind_command(kind: AdapterKind) -> KindCommand:
    return _BY_KIND[kind]
