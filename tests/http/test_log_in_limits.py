"""Log-in is limited per account and per client address, answered 429 with
Retry-After (issue 14); with REDIS_URL set the counts are shared by every
process of the service."""

import asyncio
from collections import Counter

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from setup.app_factory import create_app
from setup.config import Settings
from tests.http.conftest import assert_problem, sign_up
from tests.support.backing_services import REDIS_URL, redis_or_skip
from tests.support.settings import settings_for

LOG_IN = "/api/v1/auth/log-in"
PER_ACCOUNT = 3
PER_ADDRESS = 6


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "log_in_limit_per_account": f"{PER_ACCOUNT} per 15 minutes",
            "log_in_limit_per_address": f"{PER_ADDRESS} per 15 minutes",
        }
    )


async def log_in(client: AsyncClient, email: str, password: str) -> int:
    response = await client.post(LOG_IN, json={"email": email, "password": password})
    return response.status_code


async def test_guessing_one_account_ends_in_429_even_for_the_right_password(
    client: AsyncClient,
) -> None:
    await sign_up(client, "target@example.com", "the-right-password")
    for _ in range(PER_ACCOUNT):
        assert await log_in(client, "target@example.com", "a-wrong-guess") == 401

    response = await client.post(
        LOG_IN, json={"email": "target@example.com", "password": "the-right-password"}
    )

    assert_problem(response, 429, "too_many_attempts")
    retry_after = int(response.headers["retry-after"])
    assert 0 < retry_after <= 15 * 60
    assert str(retry_after) in response.json()["detail"]
    assert "set-cookie" not in response.headers


async def test_unknown_emails_are_limited_alike(client: AsyncClient) -> None:
    statuses = [await log_in(client, "nobody@example.com", "a-guess") for _ in range(4)]

    assert statuses == [401] * PER_ACCOUNT + [429]


async def test_guessing_many_accounts_from_one_address_ends_in_429(
    client: AsyncClient,
) -> None:
    statuses = [
        await log_in(client, f"guess{number}@example.com", "a-guess")
        for number in range(PER_ADDRESS + 1)
    ]

    assert statuses == [401] * PER_ADDRESS + [429]


async def test_concurrent_guesses_are_counted_not_raced(client: AsyncClient) -> None:
    await sign_up(client, "target@example.com", "the-right-password")

    statuses = await asyncio.gather(
        *(log_in(client, "target@example.com", "a-wrong-guess") for _ in range(20))
    )

    assert Counter(statuses) == {401: PER_ACCOUNT, 429: 20 - PER_ACCOUNT}


async def test_with_redis_every_process_shares_the_counts(database_url: str) -> None:
    settings = settings_for(
        database_url,
        redis_url=REDIS_URL,
        log_in_limit_per_account=f"{PER_ACCOUNT} per 15 minutes",
    )
    async with redis_or_skip() as redis:
        statuses = await _attempts_through_two_apps(settings)
        prefix = settings.log_in_limits_key_prefix
        await redis.delete(*[key async for key in redis.scan_iter(f"{prefix}*")])

    assert statuses == [401] * PER_ACCOUNT + [429]


async def _attempts_through_two_apps(settings: Settings) -> list[int]:
    # Two processes of the service: each app has its own container.
    first, second = (create_app(settings) for _ in "12")
    async with LifespanManager(first), LifespanManager(second):
        clients = [
            AsyncClient(transport=ASGITransport(app), base_url="http://test")
            for app in (first, second)
        ]
        statuses = [
            await log_in(clients[attempt % 2], "shared@example.com", "a-guess")
            for attempt in range(PER_ACCOUNT + 1)
        ]
        for client in clients:
            await client.aclose()
    return statuses
