from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from setup.app_factory import create_app
from setup.config import Settings
from tests.support.backing_services import rabbitmq_or_skip, rabbitmq_proxy
from tests.support.database_outages import (  # noqa: F401 (fixtures)
    outage,
    outage_database,
)
from tests.support.settings import settings_for
from tests.support.tcp_proxy import TcpProxy

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password"

ClientFactory = Callable[[], AsyncClient]


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
