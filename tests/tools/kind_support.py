"""What the builder-level kind tests share: the seed's requests, the
fixed-port kinds, and reading an addition's files."""

from pathlib import Path

import pytest

from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.request import (
    AdapterKind,
    AdapterRequest,
    Method,
    parse_method_signature,
)
from add_adapter.specification.vocabulary import Kind, Scope

CHECKOUT_PORT = "app.application.interfaces.checkout.ICheckoutGateway"


MEDIA_PORT = "app.application.interfaces.media.ITranscriber"


USER_READER = "app.application.ports.user_reader.UserReader"


def signature(text: str) -> Method:
    return parse_method_signature(text, "method")


def texts(addition: Addition) -> dict[str, str]:
    return {planned.path.as_posix(): planned.text for planned in addition.files}


def expected_paths(repo: Path, paths: list[str]) -> list[str]:
    """`paths` without the package markers the service already has: an
    addition plans an `__init__.py` only for a package it starts."""
    return sorted(
        path
        for path in paths
        if not (path.endswith("__init__.py") and (repo / path).exists())
    )


def assert_compiles(addition: Addition) -> None:
    for path, text in texts(addition).items():
        compile(text, path, "exec")


CACHE_PORT = "app.application.ports.cache.Cache"


FIXED_PORT_KINDS = {
    # kind: (adapter, its module, port, spec kind)
    AdapterKind.CACHE: ("RedisCache", "redis_cache", CACHE_PORT, Kind.CACHE),
    # The service binds the default port (MessagePublisher) already, and
    # a port has one scaffolded adapter: this kind is tried on a port of its
    # own.
    AdapterKind.MESSAGE_PUBLISHER: (
        "RabbitMqAuditPublisher",
        "rabbitmq_audit_publisher",
        "app.application.ports.audit_publisher.AuditPublisher",
        Kind.MESSAGE_PUBLISHER,
    ),
    AdapterKind.FILE_STORAGE: (
        "LocalFileStorage",
        "local_file_storage",
        "app.application.ports.file_storage.FileStorage",
        Kind.FILE_STORAGE,
    ),
}


each_fixed_port_kind = pytest.mark.parametrize(
    "kind", list(FIXED_PORT_KINDS), ids=[kind.value for kind in FIXED_PORT_KINDS]
)


def fixed_port_request(kind: AdapterKind, **changes: object) -> AdapterRequest:
    class_name, _, port, _ = FIXED_PORT_KINDS[kind]
    fields: dict[str, object] = {
        "kind": kind,
        "class_name": class_name,
        "origin": f"item[0] ({class_name})",
        "scope": Scope.APP,
    }
    if kind is AdapterKind.MESSAGE_PUBLISHER:
        fields["port"] = port
    return AdapterRequest(**{**fields, **changes})  # type: ignore[arg-type]


def stripe_request(**changes: object) -> AdapterRequest:
    """The seed's StripeClient item."""
    fields: dict[str, object] = {
        "kind": AdapterKind.HTTP_CLIENT,
        "class_name": "StripeClient",
        "origin": "item[0] (StripeClient)",
        "scope": Scope.APP,
        "port": CHECKOUT_PORT,
        "config": ("STRIPE_SECRET_KEY", "STRIPE_DEFAULT_CURRENCY"),
        "methods": (
            signature(
                "create_checkout(amount_cents: int, currency: str, "
                "metadata: dict) -> dict"
            ),
        ),
    }
    return AdapterRequest(**{**fields, **changes})  # type: ignore[arg-type]


def step_request(**changes: object) -> AdapterRequest:
    """The seed's TranscribeStep item."""
    fields: dict[str, object] = {
        "kind": AdapterKind.PIPELINE_STEP,
        "class_name": "TranscribeStep",
        "origin": "item[1] (TranscribeStep)",
        "port": MEDIA_PORT,
        "methods": (signature("run(context: dict) -> dict"),),
    }
    return AdapterRequest(**{**fields, **changes})  # type: ignore[arg-type]


def load_user_step(**changes: object) -> AdapterRequest:
    fields: dict[str, object] = {
        "kind": AdapterKind.PIPELINE_STEP,
        "class_name": "LoadUserStep",
        "origin": "item[2] (LoadUserStep)",
        "calls": f"{USER_READER}.get_user",
        "reads": ("user_id",),
        "writes": "user",
    }
    return AdapterRequest(**{**fields, **changes})  # type: ignore[arg-type]
