"""The clients of the backing services scaffolded adapters use (caches,
message publishers, file storages) come from the app's container, built from
the settings, without connecting: the app starts with Redis and RabbitMQ
down, and only a use of them fails. The messaging settings make the relay's
and the consumers' configs."""

from pathlib import Path

import pytest
from pydantic import ValidationError
from redis.asyncio import Redis

from app.infrastructure.local_file_storage_config import LocalFileStorageConfig
from app.infrastructure.messaging.backoff import Backoff
from app.infrastructure.messaging.outbox_relay import OutboxRelayConfig
from app.infrastructure.messaging.redeliveries import RedeliveryConfig
from app.infrastructure.rabbitmq_connector import RabbitMqConfig, RabbitMqConnector
from setup.ioc.registry import make_container
from tests.support.backing_services import (
    UNREACHABLE_RABBITMQ_URL,
    UNREACHABLE_REDIS_URL,
)
from tests.support.databases import sqlite_url
from tests.support.settings import settings_for


async def test_the_clients_are_built_from_the_settings_without_connecting(
    tmp_path: Path,
) -> None:
    settings = settings_for(
        sqlite_url(tmp_path / "app.db"),
        redis_url=UNREACHABLE_REDIS_URL,
        amqp_url=UNREACHABLE_RABBITMQ_URL,
        rabbitmq_exchange="orders",
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
            url=UNREACHABLE_RABBITMQ_URL, exchange="orders"
        )
        assert storage == LocalFileStorageConfig(root=tmp_path / "files")
        assert not (tmp_path / "files").exists()
    finally:
        await container.close()


def test_the_defaults_point_at_local_services() -> None:
    settings = settings_for("sqlite+aiosqlite:///:memory:")

    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.rabbitmq() == RabbitMqConfig(
        url="amqp://guest:guest@127.0.0.1:5672/", exchange="events"
    )
    assert settings.local_file_storage() == LocalFileStorageConfig(
        root=Path("var/files")
    )


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


def test_a_retry_cap_below_the_first_wait_is_refused() -> None:
    with pytest.raises(ValidationError, match="MESSAGING_RETRY_MAX_SECONDS"):
        settings_for(
            "sqlite+aiosqlite:///:memory:",
            messaging_retry_initial_seconds=2,
            messaging_retry_max_seconds=1,
        )
