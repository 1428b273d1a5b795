"""RedisLogInRateLimiter on the test Redis: counts shared by every process,
kept under its key prefix, and log-in still limited while Redis is away."""

import logging
from collections.abc import AsyncIterator
from uuid import uuid4

import pytest
from redis.asyncio import Redis

from app.application.exceptions import TooManyAttemptsError
from app.infrastructure.adapters.redis_log_in_rate_limiter import (
    RedisLogInRateLimiter,
)
from app.infrastructure.log_in_limits import LogInLimitsConfig
from tests.support.backing_services import UNREACHABLE_REDIS_URL, redis_or_skip


@pytest.fixture
def config() -> LogInLimitsConfig:
    # A prefix of the test's own: runs sharing the Redis never meet.
    return LogInLimitsConfig(
        per_account="2 per minute",
        per_address="3 per minute",
        key_prefix=f"test_log_in_limits_{uuid4().hex}",
    )


@pytest.fixture
async def redis(config: LogInLimitsConfig) -> AsyncIterator[Redis]:
    async with redis_or_skip() as client:
        yield client
        keys = [key async for key in client.scan_iter(f"{config.key_prefix}*")]
        if keys:
            await client.delete(*keys)


async def test_two_processes_share_the_counts(
    redis: Redis, config: LogInLimitsConfig
) -> None:
    first = RedisLogInRateLimiter(redis, config)
    second = RedisLogInRateLimiter(redis, config)

    await first.count_attempt("a@example.com", "192.0.2.1")
    await second.count_attempt("a@example.com", "192.0.2.2")
    with pytest.raises(TooManyAttemptsError) as caught:
        await first.count_attempt("a@example.com", "192.0.2.3")

    assert 0 < caught.value.retry_after_seconds <= 60
    # The address limit is shared too: 192.0.2.1 has one attempt counted.
    await second.count_attempt("b@example.com", "192.0.2.9")
    await first.count_attempt("c@example.com", "192.0.2.9")
    await second.count_attempt("d@example.com", "192.0.2.9")
    with pytest.raises(TooManyAttemptsError):
        await first.count_attempt("e@example.com", "192.0.2.9")


async def test_its_keys_carry_the_prefix(
    redis: Redis, config: LogInLimitsConfig
) -> None:
    await RedisLogInRateLimiter(redis, config).count_attempt("a@example.com", None)

    keys = [key async for key in redis.scan_iter(f"{config.key_prefix}*")]
    assert keys
    assert any(b"a@example.com" in key for key in keys)


async def test_without_redis_attempts_are_limited_in_process(
    config: LogInLimitsConfig, caplog: pytest.LogCaptureFixture
) -> None:
    unreachable = Redis.from_url(UNREACHABLE_REDIS_URL, socket_connect_timeout=1)
    limiter = RedisLogInRateLimiter(unreachable, config)
    try:
        with caplog.at_level(logging.WARNING):
            await limiter.count_attempt("a@example.com", "192.0.2.1")
            await limiter.count_attempt("a@example.com", "192.0.2.1")
            with pytest.raises(TooManyAttemptsError):
                await limiter.count_attempt("a@example.com", "192.0.2.1")
    finally:
        await unreachable.aclose()

    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings
    assert "counting in this process" in warnings[0].getMessage()
