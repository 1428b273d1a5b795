"""The two ways to run the service, end to end: with no configuration at all
(an SQLite file, events in process) and with DATABASE_URL, REDIS_URL and
AMQP_URL set (PostgreSQL, Redis, RabbitMQ and the worker). In each, a user
signs up, logs in and sees themselves, and the sign-up's UserRegistered
reaches the handler subscribed to it."""

from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from asgi_lifespan import LifespanManager
from dishka import AsyncContainer
from httpx import ASGITransport, AsyncClient
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from app.application.ports.log_in_rate_limiter import LogInRateLimiter
from app.application.ports.message_publisher import MessagePublisher
from app.domain.events.user_registered import UserRegistered
from app.domain.value_objects.ids import UserId
from app.infrastructure.adapters.in_process_log_in_rate_limiter import (
    InProcessLogInRateLimiter,
)
from app.infrastructure.adapters.in_process_message_bus import InProcessMessageBus
from app.infrastructure.adapters.rabbitmq_message_publisher import (
    RabbitMqMessagePublisher,
)
from app.infrastructure.adapters.redis_log_in_rate_limiter import (
    RedisLogInRateLimiter,
)
from setup.app_factory import create_app
from setup.config import Settings
from tests.http.conftest import (
    DEFAULT_SQLITE_FILE,
    TEST_ONLY,
    log_in,
    settings_with_the_three_urls,
    sign_up,
    worker_consuming,
)
from tests.support.messaging import (
    CountRegistrationsProvider,
    Registrations,
    count_registrations,
)

CONSUMER = "count-registrations"


def handling(registrations: Registrations) -> dict[str, Any]:
    """The subscription of the test's handler, for the app and the worker."""
    return {
        "subscriptions": [count_registrations(CONSUMER)],
        "providers": [CountRegistrationsProvider(registrations)],
    }


async def sign_up_and_see_yourself(client: AsyncClient) -> UserRegistered:
    """Signs up, logs in, reads /users/me; the event the sign-up reports."""
    user_id = await sign_up(client, "new@example.com", "new-password")
    await log_in(client, "new@example.com", "new-password")
    me = await client.get("/api/v1/users/me")
    assert me.status_code == 200, me.text
    assert me.json()["id"] == user_id
    return UserRegistered(user_id=UserId(UUID(user_id)), email="new@example.com")


async def test_with_no_configuration_everything_runs_in_process(
    in_a_new_folder: Path,
) -> None:
    registrations = Registrations()
    settings = Settings(_env_file=None, **TEST_ONLY)
    app = create_app(settings, **handling(registrations))

    async with (
        LifespanManager(app),
        AsyncClient(transport=ASGITransport(app), base_url="http://test") as client,
    ):
        container: AsyncContainer = app.state.dishka_container
        engine = await container.get(AsyncEngine)
        assert engine.dialect.name == "sqlite"
        assert type(await container.get(MessagePublisher)) is InProcessMessageBus
        limiter = await container.get(LogInRateLimiter)
        assert type(limiter) is InProcessLogInRateLimiter
        registered = await sign_up_and_see_yourself(client)
        await registrations.wait_for(1)

    assert registrations.handled == [registered]
    assert DEFAULT_SQLITE_FILE.parent == Path("var")
    assert (in_a_new_folder / DEFAULT_SQLITE_FILE).is_file()


async def test_with_the_three_urls_it_uses_postgresql_redis_and_rabbitmq(
    in_a_new_folder: Path, postgres_database: str, redis: Redis
) -> None:
    settings = settings_with_the_three_urls(postgres_database)
    registrations = Registrations()
    app = create_app(settings, **handling(registrations))
    async with (
        worker_consuming(settings, CONSUMER, **handling(registrations)),
        LifespanManager(app),
        AsyncClient(transport=ASGITransport(app), base_url="http://test") as client,
    ):
        container: AsyncContainer = app.state.dishka_container
        engine = await container.get(AsyncEngine)
        assert engine.dialect.name == "postgresql"
        publisher = await container.get(MessagePublisher)
        assert type(publisher) is RabbitMqMessagePublisher
        limiter = await container.get(LogInRateLimiter)
        assert type(limiter) is RedisLogInRateLimiter
        # The app's Redis is REDIS_URL's: what it writes, the test reads.
        key = f"both-ways-test:{uuid4().hex}"
        await (await container.get(Redis)).set(key, "written", ex=60)
        assert await redis.get(key) == b"written"
        await redis.delete(key)
        registered = await sign_up_and_see_yourself(client)
        # Handled by the worker, through RabbitMQ.
        await registrations.wait_for(1)

    assert registrations.handled == [registered]
