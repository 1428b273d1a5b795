"""The cache, message-publisher and file-storage kinds, tried as a new user
would: on one copy of a service made from the base, one command each
(default ports, but for the message publisher: the service binds
MessagePublisher already; and an S3 file storage on a new port), then seed
items of the three kinds on ports of their own through `from-json`. `check`,
ruff, mypy --strict, import-linter and the generated tests (on the real
Redis and RabbitMQ, and moto's S3 server; REQUIRE_SERVICES=1 is passed on)
must then pass with no hand edits, and running everything again must change
nothing."""

import json
from pathlib import Path

import pytest

from .project_copy import (
    RepositoryCopies,
    add_adapter,
    each_quality_gate,
    pytest_in,
    run_in,
    tree_digest,
)

pytestmark = pytest.mark.expensive

DOCUMENT_STORAGE = "app.application.ports.document_storage.DocumentStorage"
COMMANDS = (
    ("cache", "RedisCache"),
    (
        "message-publisher",
        "RabbitMqNotificationPublisher",
        "--port",
        "app.application.ports.notification_publisher.NotificationPublisher",
    ),
    ("file-storage", "LocalFileStorage"),
    (
        "file-storage",
        "S3DocumentStorage",
        "--port",
        DOCUMENT_STORAGE,
        "--technology",
        "s3",
    ),
)
SEED_ITEMS = [
    {
        "class_name": "RedisSessionCache",
        "layer": "infrastructure/adapter",
        "kind": "cache",
        "implements": "app.application.ports.session_cache.SessionCache",
        "description": "Sessions by token, for a minute or two.",
    },
    {
        "class_name": "RabbitMqAuditPublisher",
        "layer": "infrastructure/adapter",
        "kind": "message_publisher",
        "implements": "app.application.interfaces.audit.IAuditPublisher",
    },
    {
        "class_name": "InvoiceStorage",
        "layer": "infrastructure/adapter",
        "implements": "app.application.ports.invoice_storage.InvoiceFiles",
        "scope": "request",
    },
]
GENERATED_TESTS = (
    "tests/contracts/test_cache.py",
    "tests/contracts/test_notification_publisher.py",
    "tests/contracts/test_file_storage.py",
    "tests/contracts/test_document_storage.py",
    "tests/contracts/test_session_cache.py",
    "tests/contracts/test_audit_publisher.py",
    "tests/contracts/test_invoice_files.py",
    "tests/integration/adapters/test_redis_cache.py",
    "tests/integration/adapters/test_rabbitmq_notification_publisher.py",
    "tests/integration/adapters/test_local_file_storage.py",
    "tests/integration/adapters/test_s3_document_storage.py",
    "tests/integration/adapters/test_redis_session_cache.py",
    "tests/integration/adapters/test_rabbitmq_audit_publisher.py",
    "tests/integration/adapters/test_invoice_storage.py",
)


@pytest.fixture(scope="module")
def scaffolded(repository_copies: RepositoryCopies) -> Path:
    root = repository_copies.fresh("templates")
    for command in COMMANDS:
        run = add_adapter(root, *command, "--no-input")
        assert run.exit_code == 0, f"{command}: {run.output}"
    (root / "seed.json").write_text(json.dumps(SEED_ITEMS), encoding="utf-8")
    run = add_adapter(root, "from-json", "seed.json")
    assert run.exit_code == 0, run.output
    return root


def test_each_adapter_is_bound_to_its_port_in_the_spec(scaffolded: Path) -> None:
    spec = json.loads((scaffolded / "setup/spec.json").read_text(encoding="utf-8"))

    bound = {
        c["class_name"]: (c["kind"], c.get("implements"), c["scope"])
        for c in spec["components"]
    }

    assert bound["RedisCache"] == (
        "cache",
        "app.application.ports.cache.Cache",
        "app",
    )
    assert bound["RabbitMqNotificationPublisher"] == (
        "message_publisher",
        "app.application.ports.notification_publisher.NotificationPublisher",
        "app",
    )
    assert bound["LocalFileStorage"] == (
        "file_storage",
        "app.application.ports.file_storage.FileStorage",
        "app",
    )
    assert bound["S3DocumentStorage"] == (
        "file_storage",
        DOCUMENT_STORAGE,
        "app",
    )
    assert bound["InvoiceStorage"] == (
        "file_storage",
        "app.application.ports.invoice_storage.InvoiceFiles",
        "request",
    )


def test_check_passes(scaffolded: Path) -> None:
    run = add_adapter(scaffolded, "check")

    assert run.exit_code == 0, run.output
    assert "all checks passed" in run.stdout


@each_quality_gate
def test_quality_gates_pass_without_hand_edits(
    scaffolded: Path, command: tuple[str, ...]
) -> None:
    run = run_in(scaffolded, *command)

    assert run.exit_code == 0, run.output


def test_the_generated_tests_pass_on_the_real_services(scaffolded: Path) -> None:
    for path in GENERATED_TESTS:
        assert (scaffolded / path).exists(), path

    run = pytest_in(
        scaffolded,
        "-q",
        *GENERATED_TESTS,
    )

    assert run.exit_code == 0, run.output[-5000:]
    assert " passed" in run.stdout.splitlines()[-1]


def test_running_every_command_again_changes_nothing(scaffolded: Path) -> None:
    before = tree_digest(scaffolded)

    for command in (
        *((*c, "--no-input") for c in COMMANDS),
        ("from-json", "seed.json"),
    ):
        run = add_adapter(scaffolded, *command)
        assert run.exit_code == 0, run.output
        assert "nothing to change" in run.stdout

    assert tree_digest(scaffolded) == before
