"""The two ways to run the service, end to end: with no configuration at all
(an SQLite file, the product cache, events and payments in process) and
with DATABASE_URL, REDIS_URL and AMQP_URL set (PostgreSQL, Redis, RabbitMQ
and the worker). Each places an order and sees it fulfilled."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from asgi_lifespan import LifespanManager
from dishka import AsyncContainer
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from app.application.ports.log_in_rate_limiter import LogInRateLimiter
from app.application.ports.message_publisher import MessagePublisher
from app.application.ports.payment_gateway import PaymentGateway
from app.application.ports.product_cache import ProductCache
from app.application.ports.product_image_storage import ProductImageStorage
from app.infrastructure.adapters.in_process_log_in_rate_limiter import (
    InProcessLogInRateLimiter,
)
from app.infrastructure.adapters.in_process_message_bus import InProcessMessageBus
from app.infrastructure.adapters.local_file_product_image_storage import (
    LocalFileProductImageStorage,
)
from app.infrastructure.adapters.local_payment_gateway import LocalPaymentGateway
from app.infrastructure.adapters.rabbit_mq_message_publisher import (
    RabbitMqMessagePublisher,
)
from app.infrastructure.adapters.redis_log_in_rate_limiter import (
    RedisLogInRateLimiter,
)
from app.infrastructure.adapters.redis_product_cache import (
    KEY_PREFIX,
    RedisProductCache,
)
from app.infrastructure.in_memory.in_memory_product_cache import InMemoryProductCache
from setup.app_factory import create_app
from setup.config import Settings
from setup.worker import run_worker
from tests.http.conftest import log_in, sign_up
from tests.http.test_orders import create_product, place, wait_for_status
from tests.support.backing_services import (
    RABBITMQ_URL,
    REDIS_URL,
    queue_exists,
    rabbitmq_or_skip,
    redis_or_skip,
)
from tests.support.polling import eventually

ADMIN = ("owner@example.com", "owner-password")
# Cheap password hashing and plain-HTTP cookies: the test's client is not a
# browser on HTTPS. Nothing else is configured.
TEST_ONLY: dict[str, Any] = {
    "session_cookie_secure": False,
    "argon2_time_cost": 1,
    "argon2_memory_cost_kib": 1024,
    "argon2_parallelism": 1,
    "initial_admin_email": ADMIN[0],
    "initial_admin_password": ADMIN[1],
    # In Redis, shared by every run: log-in counts of this run's own.
    "log_in_limits_key_prefix": f"test_log_in_limits_{uuid4().hex}",
}


async def bound(container: AsyncContainer) -> dict[type, type]:
    """The adapter bound to each port the settings choose between."""
    ports: list[type] = [
        LogInRateLimiter,
        ProductCache,
        MessagePublisher,
        PaymentGateway,
        ProductImageStorage,
    ]
    return {port: type(await container.get(port)) for port in ports}


async def order_something(app: FastAPI, client: AsyncClient) -> str:
    """Signs up, logs in, orders a product the admin created; the order's id."""
    admin = AsyncClient(transport=ASGITransport(app), base_url="http://test")
    async with admin:
        await log_in(admin, *ADMIN)
        anvil = await create_product(admin, "Anvil", "10.00")
    await sign_up(client, "buyer@example.com", "buyer-password")
    await log_in(client, "buyer@example.com", "buyer-password")
    placed = await place(client, "first-order", [{"product_id": anvil, "quantity": 2}])
    assert placed.status_code == 201, placed.text
    order_id: str = placed.json()["id"]
    return order_id


@pytest.fixture
def in_a_new_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The defaults are relative paths (./var/app.db, var/files): a clone's.
    monkeypatch.chdir(tmp_path)
    for name in ("DATABASE_URL", "REDIS_URL", "AMQP_URL", "S3_BUCKET_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


async def test_with_no_configuration_everything_runs_in_process(
    in_a_new_folder: Path,
) -> None:
    settings = Settings(_env_file=None, **TEST_ONLY)
    app = create_app(settings)

    async with (
        LifespanManager(app),
        AsyncClient(transport=ASGITransport(app), base_url="http://test") as client,
    ):
        container: AsyncContainer = app.state.dishka_container
        engine = await container.get(AsyncEngine)
        assert engine.dialect.name == "sqlite"
        assert await bound(container) == {
            LogInRateLimiter: InProcessLogInRateLimiter,
            ProductCache: InMemoryProductCache,
            MessagePublisher: InProcessMessageBus,
            PaymentGateway: LocalPaymentGateway,
            ProductImageStorage: LocalFileProductImageStorage,
        }
        order_id = await order_something(app, client)
        await wait_for_status(client, order_id, "fulfilled")

    assert (in_a_new_folder / "var" / "app.db").is_file()


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    async with redis_or_skip() as client:
        yield client


async def test_with_the_three_urls_it_uses_postgresql_redis_and_rabbitmq(
    in_a_new_folder: Path, postgres_database: str, redis: Redis
) -> None:
    exchange = f"both-ways-test-{uuid4().hex}"
    settings = Settings(
        _env_file=None,
        database_url=postgres_database,
        redis_url=REDIS_URL,
        amqp_url=RABBITMQ_URL,
        # A fresh exchange: no other test's queues or messages.
        rabbitmq_exchange=exchange,
        **TEST_ONLY,
    )
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(settings, stop))
    app = create_app(settings)
    async with (
        rabbitmq_or_skip() as broker,
        LifespanManager(app),
        AsyncClient(transport=ASGITransport(app), base_url="http://test") as client,
    ):
        try:
            await eventually(lambda: queue_exists(broker, f"{exchange}.fulfil-order"))
            container: AsyncContainer = app.state.dishka_container
            engine = await container.get(AsyncEngine)
            assert engine.dialect.name == "postgresql"
            assert await bound(container) == {
                LogInRateLimiter: RedisLogInRateLimiter,
                ProductCache: RedisProductCache,
                MessagePublisher: RabbitMqMessagePublisher,
                PaymentGateway: LocalPaymentGateway,
                ProductImageStorage: LocalFileProductImageStorage,
            }
            order_id = await order_something(app, client)
            # Fulfilled by the worker, through RabbitMQ.
            await wait_for_status(client, order_id, "fulfilled")
            # The listing is cached in Redis: a key that was not there.
            before = set(await redis.keys(f"{KEY_PREFIX}*"))
            await client.get("/api/v1/products")
            assert set(await redis.keys(f"{KEY_PREFIX}*")) - before
        finally:
            stop.set()
            await asyncio.wait_for(worker, 10)
            channel = await broker.channel()
            await channel.queue_delete(f"{exchange}.fulfil-order")
            await channel.exchange_delete(exchange)
