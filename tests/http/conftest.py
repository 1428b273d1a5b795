import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from aio_pika.abc import AbstractConnection
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from redis.asyncio import Redis
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from setup.app_factory import create_app
from setup.config import DEFAULT_DATABASE_URL, Settings
from setup.worker import run_worker
from tests.support.backing_services import (
    RABBITMQ_URL,
    REDIS_URL,
    queue_exists,
    rabbitmq_or_skip,
    rabbitmq_proxy,
    redis_or_skip,
)
from tests.support.database_outages import (  # noqa: F401 (fixtures)
    outage,
    outage_database,
)
from tests.support.polling import eventually
from tests.support.round_trips import RoundTripLog
from tests.support.settings import settings_for
from tests.support.tcp_proxy import TcpProxy

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password"

ClientFactory = Callable[[], AsyncClient]

# What the both-ways tests (test_both_ways.py) add to no configuration at
# all: cheap password hashing, plain-HTTP cookies (the test's client is not a
# browser on HTTPS) and the admin.
TEST_ONLY: dict[str, Any] = {
    "session_cookie_secure": False,
    "argon2_time_cost": 1,
    "argon2_memory_cost_kib": 1024,
    "argon2_parallelism": 1,
    "initial_admin_email": ADMIN_EMAIL,
    "initial_admin_password": ADMIN_PASSWORD,
    # In Redis, shared by every run: log-in counts of this run's own.
    "log_in_limits_key_prefix": f"test_log_in_limits_{uuid4().hex}",
}
# The default DATABASE_URL's SQLite file, relative to where the service runs.
DEFAULT_SQLITE_FILE = Path(make_url(DEFAULT_DATABASE_URL).database or "")


def app_settings(database_url: str, tmp_path: Path, **overrides: Any) -> Settings:
    """The settings of the app under test, with the admin of the fixtures."""
    return settings_for(
        database_url,
        initial_admin_email=ADMIN_EMAIL,
        initial_admin_password=ADMIN_PASSWORD,
        # Uploaded files go to the test's own folder.
        file_storage_root=tmp_path / "files",
        **overrides,
    )


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return app_settings(database_url, tmp_path)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with LifespanManager(app):
        yield app


@pytest.fixture
async def round_trips(app: FastAPI) -> AsyncIterator[RoundTripLog]:
    """What each request of the test asks of the app's database (see
    test_round_trips.py)."""
    engine = await app.state.dishka_container.get(AsyncEngine)
    log = RoundTripLog(engine)
    yield log
    log.stop()


@pytest.fixture
async def new_client(app: FastAPI) -> AsyncIterator[ClientFactory]:
    """Makes clients of one app; each keeps its own cookies, like a browser."""
    clients: list[AsyncClient] = []

    def make() -> AsyncClient:
        # raise_app_exceptions=False: see the 500 answer a real client gets.
        transport = ASGITransport(app, raise_app_exceptions=False)
        client = AsyncClient(transport=transport, base_url="http://test")
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def client(new_client: ClientFactory) -> AsyncClient:
    return new_client()


@pytest.fixture
async def admin(new_client: ClientFactory) -> AsyncClient:
    client = new_client()
    await log_in(client, ADMIN_EMAIL, ADMIN_PASSWORD)
    return client


@pytest.fixture
async def user(new_client: ClientFactory) -> AsyncClient:
    client = new_client()
    await sign_up(client, "user@example.com", "user-password")
    await log_in(client, "user@example.com", "user-password")
    return client


async def sign_up(client: AsyncClient, email: str, password: str) -> str:
    response = await client.post(
        "/api/v1/auth/sign-up", json={"email": email, "password": password}
    )
    assert response.status_code == 201, response.text
    user_id: str = response.json()["id"]
    return user_id


async def log_in(client: AsyncClient, email: str, password: str) -> None:
    response = await client.post(
        "/api/v1/auth/log-in", json={"email": email, "password": password}
    )
    assert response.status_code == 204, response.text


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """The answer is an RFC 9457 problem with this status and code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"/problems/{code}"
    assert body["title"]
    assert body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    assert "Traceback" not in response.text
    return body


@pytest.fixture
async def broker_proxy() -> AsyncIterator[TcpProxy]:
    """A started proxy in front of the test RabbitMQ, for a test to cut and
    restore; skips when RabbitMQ is unreachable."""
    async with rabbitmq_or_skip():
        pass
    proxy = rabbitmq_proxy()
    await proxy.start()
    yield proxy
    await proxy.cut()


@pytest.fixture
def in_a_new_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder of a fresh clone with nothing configured: the
    defaults are relative paths (DEFAULT_SQLITE_FILE, var/files)."""
    monkeypatch.chdir(tmp_path)
    for name in ("DATABASE_URL", "REDIS_URL", "AMQP_URL", "S3_BUCKET_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    async with redis_or_skip() as client:
        yield client


def settings_with_the_three_urls(database_url: str) -> Settings:
    """DATABASE_URL, REDIS_URL and AMQP_URL set, and nothing else but
    TEST_ONLY; a fresh exchange, so no other test's queues or messages."""
    return Settings(
        _env_file=None,
        database_url=database_url,
        redis_url=REDIS_URL,
        amqp_url=RABBITMQ_URL,
        rabbitmq_exchange=f"both-ways-test-{uuid4().hex}",
        **TEST_ONLY,
    )


@asynccontextmanager
async def worker_consuming(
    settings: Settings, consumer: str, **wiring: Any
) -> AsyncIterator[AbstractConnection]:
    """The worker (``run_worker``, with the app's ``subscriptions`` and
    ``providers`` in ``wiring``) in this process, once the queue of
    ``consumer`` exists; stopped after, and its queue and exchange deleted.
    Yields a connection to the broker."""
    queue = f"{settings.rabbitmq_exchange}.{consumer}"
    async with rabbitmq_or_skip() as broker:
        stop = asyncio.Event()
        worker = asyncio.create_task(run_worker(settings, stop, **wiring))
        try:
            await eventually(lambda: queue_exists(broker, queue))
            yield broker
        finally:
            stop.set()
            await asyncio.wait_for(worker, 10)
            channel = await broker.channel()
            await channel.queue_delete(queue)
            await channel.exchange_delete(settings.rabbitmq_exchange)
