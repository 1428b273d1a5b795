"""Errors beyond single routes: unknown routes, a dead database, overload."""

import asyncio

from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from setup.app_factory import create_app
from tests.http.conftest import assert_problem
from tests.support.settings import settings_for

# Nothing listens on port 1: connections are refused at once.
UNREACHABLE_DATABASE = "postgresql+asyncpg://postgres@127.0.0.1:1/none"


async def test_unknown_route_and_method_answer_as_problems(client: AsyncClient) -> None:
    assert_problem(await client.get("/nowhere"), 404, "not_found")
    assert_problem(await client.put("/health"), 405, "method_not_allowed")


async def test_request_id_is_echoed_when_safe_and_made_up_otherwise(
    client: AsyncClient,
) -> None:
    echoed = await client.get("/nowhere", headers={"X-Request-ID": "abc-123"})
    replaced = await client.get("/nowhere", headers={"X-Request-ID": "bad id\n"})

    assert echoed.headers["x-request-id"] == "abc-123"
    assert echoed.json()["request_id"] == "abc-123"
    assert replaced.headers["x-request-id"] != "bad id\n"
    assert len(replaced.headers["x-request-id"]) == 32


async def test_health_is_ok_with_a_database(client: AsyncClient) -> None:
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "dependencies": {"database": "up"}}


async def test_a_dead_database_gives_503_problems_not_500s() -> None:
    settings = settings_for(UNREACHABLE_DATABASE, database_timeout_seconds=1)
    app = create_app(settings)
    transport = ASGITransport(app, raise_app_exceptions=False)
    async with (
        LifespanManager(app),
        AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        health = await client.get("/health")
        # A session to look up: the read goes to the database.
        client.cookies.set(settings.session_cookie_name, "some-token")
        me = await client.get("/api/v1/users/me")
        sign_up = await client.post(
            "/api/v1/auth/sign-up",
            json={"email": "a@example.com", "password": "password-123"},
        )

    assert_problem(health, 503, "not_ready")
    assert health.json()["dependencies"] == {"database": "down"}
    for response in (me, sign_up):
        body = assert_problem(response, 503, "storage_unavailable")
        assert response.headers["retry-after"] == "5"
        assert "127.0.0.1" not in response.text
        assert "asyncpg" not in body["detail"].lower()


async def test_an_overloaded_password_hasher_answers_503_quickly(
    database_url: str,
) -> None:
    settings = settings_for(
        database_url,
        password_hashing_workers=1,
        password_hashing_max_waiting=0,
        password_hashing_admission_timeout_seconds=0.05,
        # Slow enough that one hash outlasts the admission timeout.
        argon2_time_cost=4,
        argon2_memory_cost_kib=32768,
    )
    app = create_app(settings)
    transport = ASGITransport(app, raise_app_exceptions=False)
    async with (
        LifespanManager(app),
        AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        responses = await asyncio.gather(
            *(
                client.post(
                    "/api/v1/auth/sign-up",
                    json={"email": f"u{index}@example.com", "password": "password-123"},
                )
                for index in range(6)
            )
        )

    statuses = sorted(response.status_code for response in responses)
    assert 201 in statuses
    assert 503 in statuses
    assert set(statuses) == {201, 503}
    for response in responses:
        if response.status_code == 503:
            assert_problem(response, 503, "password_hasher_busy")
            assert response.headers["retry-after"] == "1"
