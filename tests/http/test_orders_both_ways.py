"""The two ways to run the service, end to end: with no configuration at all
(an SQLite file, the product cache, events and payments in process) and
with DATABASE_URL, REDIS_URL and AMQP_URL set (PostgreSQL, Redis, RabbitMQ
and the worker). Each places an order and sees it fulfilled."""

from pathlib import Path

from asgi_lifespan import LifespanManager
from dishka import AsyncContainer
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from app.application.ports.message_publisher import MessagePublisher
from app.application.ports.payment_gateway import PaymentGateway
from app.application.ports.product_cache import ProductCache
from app.application.ports.product_image_storage import ProductImageStorage
from app.infrastructure.adapters.in_process_message_bus import InProcessMessageBus
from app.infrastructure.adapters.local_file_product_image_storage import (
    LocalFileProductImageStorage,
)
from app.infrastructure.adapters.local_payment_gateway import LocalPaymentGateway
from app.infrastructure.adapters.rabbitmq_message_publisher import (
    RabbitMqMessagePublisher,
)
from app.infrastructure.adapters.redis_product_cache import (
    KEY_PREFIX,
    RedisProductCache,
)
from app.infrastructure.in_memory.in_memory_product_cache import InMemoryProductCache
from setup.app_factory import create_app
from setup.config import Settings
from tests.http.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    DEFAULT_SQLITE_FILE,
    TEST_ONLY,
    log_in,
    settings_with_the_three_urls,
    sign_up,
    worker_consuming,
)
from tests.http.test_orders import create_product, place, wait_for_status


async def bound(container: AsyncContainer) -> dict[type, type]:
    """The adapter bound to each port the settings choose between."""
    ports: list[type] = [
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
        await log_in(admin, ADMIN_EMAIL, ADMIN_PASSWORD)
        anvil = await create_product(admin, "Anvil", "10.00")
    await sign_up(client, "buyer@example.com", "buyer-password")
    await log_in(client, "buyer@example.com", "buyer-password")
    placed = await place(client, "first-order", [{"product_id": anvil, "quantity": 2}])
    assert placed.status_code == 201, placed.text
    order_id: str = placed.json()["id"]
    return order_id


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
            ProductCache: InMemoryProductCache,
            MessagePublisher: InProcessMessageBus,
            PaymentGateway: LocalPaymentGateway,
            ProductImageStorage: LocalFileProductImageStorage,
        }
        order_id = await order_something(app, client)
        await wait_for_status(client, order_id, "fulfilled")

    assert (in_a_new_folder / DEFAULT_SQLITE_FILE).is_file()


async def test_with_the_three_urls_it_uses_postgresql_redis_and_rabbitmq(
    in_a_new_folder: Path, postgres_database: str, redis: Redis
) -> None:
    settings = settings_with_the_three_urls(postgres_database)
    app = create_app(settings)
    async with (
        worker_consuming(settings, "fulfil-order"),
        LifespanManager(app),
        AsyncClient(transport=ASGITransport(app), base_url="http://test") as client,
    ):
        container: AsyncContainer = app.state.dishka_container
        engine = await container.get(AsyncEngine)
        assert engine.dialect.name == "postgresql"
        assert await bound(container) == {
            ProductCache: RedisProductCache,
            MessagePublisher: RabbitMqMessagePublisher,
            PaymentGateway: LocalPaymentGateway,
            ProductImageStorage: LocalFileProductImageStorage,
        }
        order_id = await order_something(app, client)
        # Fulfilled by the worker, through RabbitMQ.
        await wait_for_status(client, order_id, "fulfilled")
        # The listing is cached in Redis: a key that was not there.
        before = set(await redis.keys(f"{settings.redis_key_prefix}{KEY_PREFIX}*"))
        await client.get("/api/v1/products")
        assert (
            set(await redis.keys(f"{settings.redis_key_prefix}{KEY_PREFIX}*")) - before
        )
