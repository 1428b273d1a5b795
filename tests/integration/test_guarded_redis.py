"""The Redis client of the caches (app.infrastructure.guarded_redis) against
a Redis that hangs: a proxy in front of the test Redis stops forwarding, as
a Redis stopped with SIGSTOP would. After ``breaker_failures`` commands wait
out the short timeout, the others fail at once without being sent; the
outage is logged once, and once more when it ends."""

import asyncio
import logging
from collections.abc import AsyncIterator
from urllib.parse import urlsplit
from uuid import uuid4

import pytest
from redis.exceptions import RedisError, ResponseError

from app.infrastructure.guarded_redis import (
    GuardedRedis,
    RedisConfig,
    guarded_redis,
)
from tests.support.backing_services import REDIS_URL, redis_or_skip
from tests.support.tcp_proxy import TcpProxy

LOGGER = "app.infrastructure.guarded_redis"
TIMEOUT_SECONDS = 0.1
FAILURES = 3
RESET_SECONDS = 0.3


@pytest.fixture
async def proxy() -> AsyncIterator[TcpProxy]:
    async with redis_or_skip():
        pass
    url = urlsplit(REDIS_URL)
    proxy = TcpProxy(url.hostname or "127.0.0.1", url.port or 6379)
    await proxy.start()
    yield proxy
    await proxy.cut()


@pytest.fixture
async def client(proxy: TcpProxy) -> AsyncIterator[GuardedRedis]:
    url = urlsplit(REDIS_URL)._replace(netloc=f"127.0.0.1:{proxy.port}").geturl()
    client = guarded_redis(
        RedisConfig(
            url=url,
            timeout_seconds=TIMEOUT_SECONDS,
            breaker_failures=FAILURES,
            breaker_reset_seconds=RESET_SECONDS,
        )
    )
    yield client
    await client.aclose()


async def outcomes(client: GuardedRedis, key: str, times: int) -> list[str]:
    """What each of ``times`` GETs ended with: a value, or its error's class."""
    ended: list[str] = []
    for _ in range(times):
        try:
            await client.get(key)
            ended.append("answered")
        except RedisError as err:
            ended.append(type(err).__name__)
    return ended


async def test_a_hung_redis_is_waited_for_only_until_the_circuit_opens(
    client: GuardedRedis, proxy: TcpProxy, caplog: pytest.LogCaptureFixture
) -> None:
    key = f"guarded-test-{uuid4().hex}"
    assert await outcomes(client, key, 1) == ["answered"]

    proxy.hang()
    with caplog.at_level(logging.INFO, logger=LOGGER):
        during = await outcomes(client, key, 30)

    assert during[:FAILURES] == ["TimeoutError"] * FAILURES
    # Not sent: no wait for a timeout.
    assert during[FAILURES:] == ["ConnectionError"] * (30 - FAILURES)
    assert client.outages.is_down
    warnings = [r for r in caplog.records if r.name == LOGGER]
    assert [r.levelno for r in warnings] == [logging.WARNING]
    assert "is unavailable" in warnings[0].getMessage()


async def test_the_end_of_an_outage_is_one_line_and_redis_serves_again(
    client: GuardedRedis, proxy: TcpProxy, caplog: pytest.LogCaptureFixture
) -> None:
    key = f"guarded-test-{uuid4().hex}"
    await client.set(key, b"value", ex=60)

    with caplog.at_level(logging.INFO, logger=LOGGER):
        proxy.hang()
        await outcomes(client, key, FAILURES + 5)
        # Still hung when the circuit lets one command through: open again,
        # without a second warning.
        await asyncio.sleep(RESET_SECONDS * 1.2)
        await outcomes(client, key, 5)
        proxy.resume()
        await asyncio.sleep(RESET_SECONDS * 1.2)
        after = await client.get(key)
        await client.delete(key)

    assert after == b"value"
    assert not client.outages.is_down
    lines = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert len(lines) == 2
    assert "is unavailable" in lines[0]
    assert "answers again" in lines[1]


async def test_an_error_reply_is_no_outage(
    client: GuardedRedis, caplog: pytest.LogCaptureFixture
) -> None:
    key = f"guarded-test-{uuid4().hex}"
    await client.set(key, b"not a number", ex=60)

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(FAILURES + 2):
            with pytest.raises(ResponseError):
                await client.incr(key)

    assert not client.outages.is_down
    assert await client.get(key) == b"not a number"
    await client.delete(key)
    refused = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert len(refused) == FAILURES + 2
    assert all("refused INCR" in message for message in refused)
