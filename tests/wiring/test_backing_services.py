"""The clients of the backing services scaffolded adapters use (caches,
message publishers, file storages) come from the app's container, built from
the settings, without connecting: the app starts with Redis, RabbitMQ and S3
down, and only a use of them fails. The messaging settings make the relay's
and the consumers' configs."""

import re
from pathlib import Path

import pytest
from pydantic import ValidationError
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool

from app.infrastructure.local_file_storage_config import LocalFileStorageConfig
from app.infrastructure.messaging.backoff import Backoff
from app.infrastructure.messaging.outbox_relay import OutboxRelayConfig
from app.infrastructure.messaging.redeliveries import RedeliveryConfig
from app.infrastructure.rabbitmq_connector import RabbitMqConfig, RabbitMqConnector
from app.infrastructure.s3_connector import S3Connector
from app.infrastructure.s3_storage_config import S3StorageConfig
from setup.config import SERVICE_NAME
from setup.ioc.registry import make_container
from tests.support.backing_services import (
    UNREACHABLE_RABBITMQ_URL,
    UNREACHABLE_REDIS_URL,
)
from tests.support.databases import sqlite_url
from tests.support.s3_server import UNREACHABLE_ENDPOINT_URL
from tests.support.settings import settings_for


async def test_the_clients_are_built_from_the_settings_without_connecting(
    tmp_path: Path,
) -> None:
    settings = settings_for(
        sqlite_url(tmp_path / "app.db"),
        redis_url=UNREACHABLE_REDIS_URL,
        amqp_url=UNREACHABLE_RABBITMQ_URL,
        rabbitmq_exchange="wiring-test",
        file_storage_root=tmp_path / "files",
    )
    container = make_container(settings)
    try:
        redis = await container.get(Redis)
        connector = await container.get(RabbitMqConnector)
        storage = await container.get(LocalFileStorageConfig)

        assert redis.connection_pool.connection_kwargs["port"] == 1
        assert await container.get(Redis) is redis  # one per app
        assert connector.config == RabbitMqConfig(
            url=UNREACHABLE_RABBITMQ_URL, exchange="wiring-test"
        )
        assert storage == LocalFileStorageConfig(root=tmp_path / "files")
        assert not (tmp_path / "files").exists()
    finally:
        await container.close()


def test_the_defaults_point_at_local_services() -> None:
    settings = settings_for("sqlite+aiosqlite:///:memory:")

    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.rabbitmq() == RabbitMqConfig(
        url="amqp://guest:guest@127.0.0.1:5672/", exchange=f"{SERVICE_NAME}.events"
    )
    assert settings.local_file_storage() == LocalFileStorageConfig(
        root=Path("var/files")
    )


async def test_the_s3_connector_is_built_from_the_settings_without_connecting(
    tmp_path: Path,
) -> None:
    settings = settings_for(
        sqlite_url(tmp_path / "app.db"),
        s3_bucket_url=f"{UNREACHABLE_ENDPOINT_URL}/uploads/shop",
        s3_access_key_id="key-id",
        s3_secret_access_key="secret",
    )
    container = make_container(settings)
    try:
        connector = await container.get(S3Connector)

        assert await container.get(S3Connector) is connector  # one per app
        assert connector.config == S3StorageConfig(
            bucket="uploads",
            prefix="shop",
            endpoint_url=UNREACHABLE_ENDPOINT_URL,
            access_key_id="key-id",
            secret_access_key="secret",
        )
    finally:
        await container.close()


def test_an_s3_bucket_url_takes_its_server_from_s3_endpoint_url() -> None:
    settings = settings_for(
        "sqlite+aiosqlite:///:memory:",
        s3_bucket_url="s3://uploads",
        s3_endpoint_url="http://127.0.0.1:9000",
        s3_region="eu-west-3",
    )

    config = settings.s3_storage()

    assert (config.bucket, config.prefix) == ("uploads", "")
    assert config.endpoint_url == "http://127.0.0.1:9000"
    assert config.region == "eu-west-3"
    assert config.access_key_id is None  # botocore's credential chain


def test_without_a_bucket_url_the_s3_storages_have_no_bucket() -> None:
    settings = settings_for("sqlite+aiosqlite:///:memory:", s3_bucket_url="")

    assert settings.s3_bucket_url is None
    assert settings.s3_storage().bucket is None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"s3_bucket_url": "uploads"}, "is not s3://bucket[/prefix]"),
        (
            {
                "s3_bucket_url": "http://127.0.0.1:9000/uploads",
                "s3_endpoint_url": "http://127.0.0.1:9001",
            },
            "leave S3_ENDPOINT_URL unset",
        ),
        ({"s3_access_key_id": "key-id"}, "set both S3_ACCESS_KEY_ID"),
    ],
    ids=["no-bucket", "two-servers", "half-credentials"],
)
def test_s3_settings_that_contradict_are_refused_at_startup(
    values: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        settings_for("sqlite+aiosqlite:///:memory:", **values)


def test_the_messaging_settings_make_the_relay_and_redelivery_configs() -> None:
    settings = settings_for(
        "sqlite+aiosqlite:///:memory:",
        outbox_poll_interval_seconds=2,
        outbox_batch_size=10,
        messaging_retry_initial_seconds=0.1,
        messaging_retry_max_seconds=5,
        consumer_max_attempts=7,
    )
    backoff = Backoff(initial_seconds=0.1, max_seconds=5)

    assert settings.outbox_relay() == OutboxRelayConfig(
        poll_interval_seconds=2, batch_size=10, backoff=backoff
    )
    assert settings.redelivery() == RedeliveryConfig(max_attempts=7, backoff=backoff)


def test_relays_side_by_side_only_where_rows_can_be_claimed_apart() -> None:
    postgres = "postgresql+asyncpg://postgres@127.0.0.1/app"
    sqlite = "sqlite+aiosqlite:///:memory:"

    assert settings_for(postgres, outbox_relays=3).outbox_relay().relays == 3
    # No FOR UPDATE SKIP LOCKED on SQLite: one relay.
    assert settings_for(sqlite, outbox_relays=3).outbox_relay().relays == 1


async def test_the_database_pool_is_sized_by_the_settings() -> None:
    settings = settings_for(
        "postgresql+asyncpg://postgres@127.0.0.1/app",
        database_pool_size=3,
        database_max_overflow=4,
        database_pool_recycle_seconds=600,
    )
    container = make_container(settings)
    try:
        pool = (await container.get(AsyncEngine)).pool
        assert isinstance(pool, QueuePool)
        assert (pool.size(), pool._max_overflow, pool._recycle) == (3, 4, 600)
        # No round trip on each checkout (see database.py).
        assert not pool._pre_ping
    finally:
        await container.close()


def test_a_retry_cap_below_the_first_wait_is_refused() -> None:
    with pytest.raises(ValidationError, match="MESSAGING_RETRY_MAX_SECONDS"):
        settings_for(
            "sqlite+aiosqlite:///:memory:",
            messaging_retry_initial_seconds=2,
            messaging_retry_max_seconds=1,
        )
