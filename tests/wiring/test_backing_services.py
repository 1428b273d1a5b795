"""The clients of the backing services scaffolded adapters use (caches,
message publishers, file storages) come from the app's container, built from
the settings, without connecting: the app starts with Redis and RabbitMQ
down, and only a use of them fails."""

from pathlib import Path

from redis.asyncio import Redis

from app.infrastructure.local_file_storage_config import LocalFileStorageConfig
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
