import asyncio

from redis.asyncio import Redis
from redis.exceptions import RedisError

_PROBE_TIMEOUT_SECONDS = 2.0


class RedisHealthProbe:
    """Healthy when Redis answers PING within two seconds (a HealthProbe)."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def is_healthy(self) -> bool:
        try:
            async with asyncio.timeout(_PROBE_TIMEOUT_SECONDS):
                await self._redis.ping()
        except (RedisError, OSError, TimeoutError):
            return False
        return True
