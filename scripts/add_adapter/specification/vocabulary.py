"""The closed vocabularies of the spec: layers, kinds and scopes.

Each list lives here and nowhere else, so growing one (a new kind of adapter, a
new layer) is a one-line change that the validation, the JSON schema and the
rendered provider modules all pick up.
"""

from enum import StrEnum


class Layer(StrEnum):
    """Where a component's class lives in the onion."""

    DOMAIN_SERVICE = "domain/service"
    APPLICATION_SERVICE = "application/service"
    APPLICATION_USE_CASE = "application/use_case"
    INFRASTRUCTURE_ADAPTER = "infrastructure/adapter"
    INFRASTRUCTURE_AUTH = "infrastructure/auth"
    INFRASTRUCTURE_REPOSITORY = "infrastructure/repository"
    INFRASTRUCTURE_READER = "infrastructure/reader"
    INFRASTRUCTURE_PIPELINE_STEP = "infrastructure/pipeline_step"


class Kind(StrEnum):
    """What a component does; the declaration order is the order of the groups
    in the generated provider modules."""

    DATA_MAPPER = "data_mapper"
    READER = "reader"
    REPOSITORY = "repository"
    FLUSHER = "flusher"
    TRANSACTION_MANAGER = "transaction_manager"
    IDENTITY_PROVIDER = "identity_provider"
    ACCESS_REVOKER = "access_revoker"
    SESSION_ISSUER = "session_issuer"
    PASSWORD_HASHER = "password_hasher"
    ID_GENERATOR = "id_generator"
    HEALTH_PROBE = "health_probe"
    HTTP_CLIENT = "http_client"
    CACHE = "cache"
    MESSAGE_PUBLISHER = "message_publisher"
    FILE_STORAGE = "file_storage"
    PIPELINE_STEP = "pipeline_step"
    ADAPTER = "adapter"
    SERVICE = "service"
    USE_CASE = "use_case"


GROUP_TITLES: dict[Kind, str] = {
    Kind.DATA_MAPPER: "Data mappers",
    Kind.READER: "Readers",
    Kind.REPOSITORY: "Repositories",
    Kind.FLUSHER: "Flushers",
    Kind.TRANSACTION_MANAGER: "Transaction managers",
    Kind.IDENTITY_PROVIDER: "Identity providers",
    Kind.ACCESS_REVOKER: "Access revokers",
    Kind.SESSION_ISSUER: "Session issuers",
    Kind.PASSWORD_HASHER: "Password hashers",
    Kind.ID_GENERATOR: "ID generators",
    Kind.HEALTH_PROBE: "Health probes",
    Kind.HTTP_CLIENT: "HTTP clients",
    Kind.CACHE: "Caches",
    Kind.MESSAGE_PUBLISHER: "Message publishers",
    Kind.FILE_STORAGE: "File storages",
    Kind.PIPELINE_STEP: "Pipeline steps",
    Kind.ADAPTER: "Other adapters",
    Kind.SERVICE: "Application services",
    Kind.USE_CASE: "Use cases",
}
"""The comment header of each kind's group in the generated modules."""

SELF_PROVIDED_KINDS: frozenset[Kind] = frozenset({Kind.SERVICE, Kind.USE_CASE})
"""Kinds bound to no port: the container provides the class as itself."""

KIND_ORDER: dict[Kind, int] = {kind: position for position, kind in enumerate(Kind)}
"""Sort key of each kind: its position in the `Kind` declaration."""


class Scope(StrEnum):
    """The Dishka scope a component is provided in."""

    APP = "app"
    REQUEST = "request"


DISHKA_SCOPES: dict[Scope, str] = {
    Scope.APP: "Scope.APP",
    Scope.REQUEST: "Scope.REQUEST",
}
"""How each scope is written in the generated modules."""

DOMAIN_PACKAGE = "app.domain"
APPLICATION_PACKAGE = "app.application"
PORT_PACKAGES = (DOMAIN_PACKAGE, APPLICATION_PACKAGE)
"""Packages whose Protocols are ports: every one of them needs a binding."""

SHARED_SHAPE_PACKAGES = ("app.application.common",)
"""Building blocks shared by use cases (pagination, pipelines): a Protocol
there describes a shape many classes have, not a service to bind."""

USE_CASE_PACKAGES = ("app.application.commands", "app.application.queries")
"""Packages whose modules each define one use case named after the module."""

USE_CASE_ATTRIBUTES: dict[Scope, str] = {
    Scope.REQUEST: "request_scoped",
    Scope.APP: "app_scoped",
}
"""The `provide_all` attribute of each scope in the use-case provider, in the
order they are written."""
