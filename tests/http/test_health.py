"""Liveness and readiness: /health/live touches nothing, /health/ready (and
/health) probes the database and, where their URLs are set, Redis and the
broker, naming in a 503 problem each one that does not answer."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from setup.app_factory import create_app
from tests.http.conftest import assert_problem
from tests.support.backing_services import (
    RABBITMQ_URL,
    REDIS_URL,
    UNREACHABLE_RABBITMQ_URL,
    UNREACHABLE_REDIS_URL,
    rabbitmq_or_skip,
    redis_or_skip,
)
from tests.support.settings import settings_for

UNREACHABLE_DATABASE = "postgresql://postgres@127.0.0.1:1/nowhere"


async def _client_of(**settings: Any) -> AsyncIterator[AsyncClient]:
    app = create_app(settings_for(**settings))
    transport = ASGITransport(app, raise_app_exceptions=False)
    async with (
        LifespanManager(app),
        AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        yield client


@pytest.fixture
async def with_services(database_url: str) -> AsyncIterator[AsyncClient]:
    async with redis_or_skip(), rabbitmq_or_skip():
        pass
    async for client in _client_of(
        database_url=database_url, redis_url=REDIS_URL, amqp_url=RABBITMQ_URL
    ):
        yield client


async def test_ready_probes_every_configured_service(
    with_services: AsyncClient,
) -> None:
    for path in ("/health/ready", "/health"):
        response = await with_services.get(path)

        assert response.status_code == 200, response.text
        assert response.json() == {
            "status": "ready",
            "dependencies": {"database": "up", "redis": "up", "broker": "up"},
        }


async def test_not_ready_names_each_service_that_does_not_answer(
    database_url: str,
) -> None:
    async for client in _client_of(
        database_url=database_url,
        redis_url=UNREACHABLE_REDIS_URL,
        amqp_url=UNREACHABLE_RABBITMQ_URL,
    ):
        response = await client.get("/health/ready")

    body = assert_problem(response, 503, "not_ready")
    assert body["dependencies"] == {"database": "up", "redis": "down", "broker": "down"}
    assert "redis, broker" in body["detail"]
    assert response.headers["retry-after"] == "5"


async def test_live_answers_while_nothing_else_does() -> None:
    async for client in _client_of(
        database_url=UNREACHABLE_DATABASE, database_timeout_seconds=1
    ):
        live = await client.get("/health/live")
        ready = await client.get("/health/ready")

    assert live.status_code == 200
    assert live.json() == {"status": "alive"}
    assert_problem(ready, 503, "not_ready")
    assert ready.json()["dependencies"] == {"database": "down"}
