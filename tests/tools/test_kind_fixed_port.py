"""What the fixed-port kinds (cache, message-publisher, file-storage) share:
the files each plans, ports of their own or hand-written, seed items, and
bad input refused with the field it came from.

Builder level: called directly (no CLI, no staging) on a copy of a service
made from the base. The end-to-end runs (the command line on a copy of the
repository, its gates and tests) are in tests/scaffolding."""

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_adapter.cli.app import app
from add_adapter.scaffold.builders import builder_for
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.from_json import parse_items
from add_adapter.scaffold.kinds.cache.builder import build_cache
from add_adapter.scaffold.request import AdapterKind, AdapterRequest
from add_adapter.specification.vocabulary import Layer, Scope

from .kind_support import (
    CACHE_PORT,
    FIXED_PORT_KINDS,
    assert_compiles,
    each_fixed_port_kind,
    expected_paths,
    fixed_port_request,
    signature,
    texts,
)
from .scaffold_support import new_batch


@each_fixed_port_kind
def test_each_kind_plans_port_adapter_twin_contract_and_adapter_test(
    repo: Path, kind: AdapterKind
) -> None:
    class_name, snake, port, spec_kind = FIXED_PORT_KINDS[kind]
    port_module, port_class = port.rsplit(".", 1)
    stem = port_module.rpartition(".")[2]
    addition = builder_for(kind)(fixed_port_request(kind), new_batch(repo))

    files = texts(addition)
    assert sorted(files) == expected_paths(
        repo,
        [
            f"src/app/application/ports/{stem}.py",
            f"src/app/infrastructure/adapters/{snake}.py",
            "tests/support/doubles/__init__.py",
            f"tests/support/doubles/in_memory_{stem}.py",
            f"tests/contracts/test_{stem}.py",
            "tests/integration/adapters/__init__.py",
            f"tests/integration/adapters/test_{snake}.py",
        ],
    )
    assert_compiles(addition)
    assert (
        f"class {port_class}(Protocol):"
        in files[f"src/app/application/ports/{stem}.py"]
    )
    code = files[f"src/app/infrastructure/adapters/{snake}.py"]
    assert f"class {class_name}({port_class}):" in code
    twin = files[f"tests/support/doubles/in_memory_{stem}.py"]
    assert f"class InMemory{port_class}({port_class}):" in twin
    contract = files[f"tests/contracts/test_{stem}.py"]
    assert f"from {port_module} import {port_class}" in contract
    # The contract test runs against the twin too (the cache's with its clock).
    assert re.search(rf"InMemory{port_class}(\.with_clock)?\(", contract)
    [component] = addition.components
    assert component.kind is spec_kind
    assert component.layer is Layer.INFRASTRUCTURE_ADAPTER
    assert component.implements == (port,)
    assert component.scope is Scope.APP
    assert component.module == f"app.infrastructure.adapters.{snake}"
    assert component.code_path == (f"src/app/infrastructure/adapters/{snake}.py")
    assert component.test_path == (f"tests/integration/adapters/test_{snake}.py")
    assert addition.code_path == Path(component.code_path)
    assert addition.test_path == Path(component.test_path)
    assert len(addition.notes) == 1


@pytest.mark.parametrize("command", ["cache", "message-publisher", "file-storage"])
def test_the_help_says_the_description_is_the_adapters(command: str) -> None:
    # A description naming the adapter's technology once ended up in the
    # port's docstring, which every adapter of the port shares: now the port
    # keeps a docstring of its own role.
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    output = " ".join(result.output.split())

    assert result.exit_code == 0, result.output
    assert "What the adapter does, in your words: its docstring" in output
    assert "Ports and entities get docstrings of their own role." in output


def test_a_description_goes_to_the_adapter_not_to_the_new_port(repo: Path) -> None:
    description = "Publishes on RabbitMQ; bound when AMQP_URL is set"
    request = AdapterRequest(
        kind=AdapterKind.MESSAGE_PUBLISHER,
        class_name="RabbitMqAuditPublisher",
        origin="",
        scope=Scope.APP,
        port="app.application.ports.audit_publisher.AuditPublisher",
        description=description,
    )

    files = texts(builder_for(request.kind)(request, new_batch(repo)))

    assert description not in files["src/app/application/ports/audit_publisher.py"]
    adapter = files["src/app/infrastructure/adapters/rabbitmq_audit_publisher.py"]
    assert description in adapter


def test_a_port_of_its_own_gets_its_own_twin_contract_and_key_prefix(
    repo: Path,
) -> None:
    request = fixed_port_request(
        AdapterKind.CACHE,
        class_name="RedisSessionCache",
        port="app.application.interfaces.caching.ISessionCache",
        description="Sessions by token.",
    )

    addition = build_cache(request, new_batch(repo))

    files = texts(addition)
    assert sorted(files) == expected_paths(
        repo,
        [
            "src/app/application/interfaces/__init__.py",
            "src/app/application/interfaces/caching.py",
            "src/app/infrastructure/adapters/redis_session_cache.py",
            "tests/support/doubles/__init__.py",
            "tests/support/doubles/in_memory_session_cache.py",
            "tests/contracts/test_session_cache.py",
            "tests/integration/adapters/__init__.py",
            "tests/integration/adapters/test_redis_session_cache.py",
        ],
    )
    # The description is the adapter's; the port says what a cache is for.
    port = files["src/app/application/interfaces/caching.py"]
    assert "Sessions by token." not in port
    assert '"""A cache of byte values by key' in port
    code = files["src/app/infrastructure/adapters/redis_session_cache.py"]
    assert "Sessions by token." in code
    assert "class RedisSessionCache(ISessionCache):" in code
    assert 'KEY_PREFIX = "session_cache:"' in code
    [component] = addition.components
    assert component.description == "Sessions by token."


def test_a_hand_written_port_with_the_methods_is_implemented_not_rewritten(
    repo: Path,
) -> None:
    port = repo / "src/app/application/ports/blob_store.py"
    port.write_text(
        "from typing import Protocol\n\n\n"
        "class BlobStore(Protocol):\n"
        "    async def save(self, key: str, content: bytes, content_type: str)"
        " -> None: ...\n"
        "    async def load(self, key: str) -> bytes: ...\n"
        "    async def delete(self, key: str) -> None: ...\n"
        "    async def exists(self, key: str) -> bool: ...\n",
        encoding="utf-8",
    )
    request = fixed_port_request(
        AdapterKind.FILE_STORAGE,
        class_name="LocalBlobStore",
        port="app.application.ports.blob_store.BlobStore",
    )

    files = texts(builder_for(AdapterKind.FILE_STORAGE)(request, new_batch(repo)))

    assert "src/app/application/ports/blob_store.py" not in files
    code = files["src/app/infrastructure/adapters/local_blob_store.py"]
    assert "class LocalBlobStore(BlobStore):" in code
    assert "tests/contracts/test_blob_store.py" in files


HAND_WRITTEN_PORT = "app.application.ports.blob_store.BlobStore"


@pytest.mark.parametrize(
    ("kind", "changes", "port_source", "where", "message"),
    [
        pytest.param(
            AdapterKind.CACHE,
            {"config": ("REDIS_URL",)},
            None,
            "item[0] (RedisCache): config",
            "a cache takes no config",
            id="config",
        ),
        pytest.param(
            AdapterKind.CACHE,
            {
                "methods": (
                    signature("get(key: str) -> bytes"),
                    signature("scan() -> list"),
                )
            },
            None,
            "item[0] (RedisCache): methods[1].method_name",
            "a cache has the methods get, set, delete; 'scan' is not one of them",
            id="method-of-another-kind",
        ),
        pytest.param(
            AdapterKind.CACHE,
            {"class_name": "Cache", "origin": "item[0] (Cache)"},
            None,
            "item[0] (Cache): class_name",
            "Cache is the name of the port; name the adapter after its technology "
            "and port, e.g. RedisCache",
            id="named-like-the-port",
        ),
        pytest.param(
            AdapterKind.MESSAGE_PUBLISHER,
            {"class_name": "InMemoryAuditPublisher", "origin": "item[0] (X)"},
            None,
            "item[0] (X): class_name",
            "is the name of the in-memory twin",
            id="named-like-the-twin",
        ),
        pytest.param(
            AdapterKind.FILE_STORAGE,
            {"technology": "ftp"},
            None,
            "item[0] (LocalFileStorage): technology",
            "a file storage is made on local, s3; 'ftp' is not one of them",
            id="unknown-technology",
        ),
        pytest.param(
            AdapterKind.CACHE,
            {"technology": "s3"},
            None,
            "item[0] (RedisCache): technology",
            "a cache is made on redis; 's3' is not one of them",
            id="technology-of-another-kind",
        ),
        pytest.param(
            AdapterKind.FILE_STORAGE,
            {"port": "app.infrastructure.storage.FileStorage"},
            None,
            "item[0] (LocalFileStorage): implements",
            "must live under app.domain or app.application",
            id="port-outside-the-inner-layers",
        ),
        pytest.param(
            AdapterKind.CACHE,
            {"port": "app.application.ports.health_probe.HealthProbe"},
            None,
            "item[0] (RedisCache): implements",
            "HealthProbe is already implemented by SqlaHealthProbe",
            id="port-bound-to-another-adapter",
        ),
        pytest.param(
            AdapterKind.CACHE,
            {"port": "app.application.ports.health_probe.HealthCache"},
            None,
            "item[0] (RedisCache): implements",
            "app.application.ports.health_probe already holds HealthProbe",
            id="port-in-a-module-of-another-port",
        ),
        pytest.param(
            AdapterKind.CACHE,
            {"port": HAND_WRITTEN_PORT},
            "    async def get(self, key: str) -> bytes: ...\n",
            "item[0] (RedisCache): implements",
            f"{HAND_WRITTEN_PORT} declares get; the cache template implements "
            "exactly get(key: str), set(",
            id="hand-written-port-with-other-methods",
        ),
        pytest.param(
            AdapterKind.MESSAGE_PUBLISHER,
            {"port": HAND_WRITTEN_PORT},
            "    async def publish(self, subject: str, payload: dict[str, object],"
            " message_id: str | None = None) -> None: ...\n",
            "item[0] (RabbitMqAuditPublisher): implements",
            f"{HAND_WRITTEN_PORT}.publish takes (subject: str, ",
            id="hand-written-port-with-other-parameters",
        ),
        pytest.param(
            AdapterKind.MESSAGE_PUBLISHER,
            {"port": HAND_WRITTEN_PORT},
            "    def publish(self, topic: str, payload: dict[str, object],"
            " message_id: str | None = None) -> None: ...\n",
            "item[0] (RabbitMqAuditPublisher): implements",
            f"{HAND_WRITTEN_PORT}.publish is not an async method",
            id="hand-written-port-not-async",
        ),
    ],
)
def test_bad_fixed_port_input_names_the_field(
    repo: Path,
    kind: AdapterKind,
    changes: dict[str, object],
    port_source: str | None,
    where: str,
    message: str,
) -> None:
    if port_source is not None:
        (repo / "src/app/application/ports/blob_store.py").write_text(
            "from typing import Protocol\n\n\nclass BlobStore(Protocol):\n"
            + port_source,
            encoding="utf-8",
        )

    with pytest.raises(ScaffoldError) as raised:
        builder_for(kind)(fixed_port_request(kind, **changes), new_batch(repo))

    assert raised.value.where == where
    assert message in raised.value.message


def test_a_second_adapter_of_a_port_in_one_batch_is_refused(repo: Path) -> None:
    batch = new_batch(repo)
    build_cache(fixed_port_request(AdapterKind.CACHE), batch)

    with pytest.raises(ScaffoldError) as raised:
        build_cache(
            fixed_port_request(
                AdapterKind.CACHE,
                class_name="RedisOtherCache",
                origin="item[1] (RedisOtherCache)",
            ),
            batch,
        )

    assert raised.value.where == "item[1] (RedisOtherCache): implements"
    assert f"{CACHE_PORT} is already implemented by RedisCache" in (
        raised.value.message
    )


def test_seed_items_name_these_kinds_by_kind_or_by_class_name() -> None:
    items = [
        {
            "class_name": "RedisCache",
            "layer": "infrastructure/adapter",
            "kind": "cache",
        },
        {
            "class_name": "EventBus",
            "layer": "infrastructure/adapter",
            "kind": "message_publisher",
        },
        {"class_name": "DocumentStorage", "layer": "infrastructure/adapter"},
        {
            "class_name": "RabbitMqPublisher",
            "layer": "infrastructure/adapter",
            "scope": "request",
        },
    ]

    _, parsed = parse_items(json.dumps(items), "seed.json")

    assert [(r.kind, r.scope) for r in parsed.requests] == [
        (AdapterKind.CACHE, Scope.APP),
        (AdapterKind.MESSAGE_PUBLISHER, Scope.APP),
        (AdapterKind.FILE_STORAGE, Scope.APP),
        (AdapterKind.MESSAGE_PUBLISHER, Scope.REQUEST),
    ]


def test_a_seed_item_names_its_technology() -> None:
    items = [
        {
            "class_name": "S3InvoiceStorage",
            "layer": "infrastructure/adapter",
            "kind": "file_storage",
            "technology": "s3",
        },
        {"class_name": "InvoiceStorage", "layer": "infrastructure/adapter"},
    ]

    _, parsed = parse_items(json.dumps(items), "seed.json")

    assert [r.technology for r in parsed.requests] == ["s3", None]
