import logging

from limits.aio.storage import MemoryStorage, RedisStorage
from limits.errors import StorageError
from redis.asyncio import Redis

from app.application.ports.log_in_rate_limiter import LogInRateLimiter
from app.infrastructure.log_in_limits import LogInLimits, LogInLimitsConfig

logger = logging.getLogger(__name__)


class RedisLogInRateLimiter(LogInRateLimiter):
    """Log-in limits counted in Redis, shared by every process of the
    service: bound while REDIS_URL is set. Uses the app's Redis client
    through ``limits``' RedisStorage, under
    ``config.key_prefix``.

    While Redis fails, attempts are counted in this process instead: log-in
    keeps working and stays limited, per process, and one warning says so
    (and one line when Redis answers again).
    """

    def __init__(self, redis: Redis, config: LogInLimitsConfig) -> None:
        storage = RedisStorage(
            "async+redis://",
            implementation="redispy",
            # Passed on to redis-py (limits types its options too narrowly).
            connection_pool=redis.connection_pool,  # type: ignore[arg-type]
            key_prefix=config.key_prefix,
            wrap_exceptions=True,
        )
        self._shared = LogInLimits(storage, config)
        self._fallback = LogInLimits(MemoryStorage(), config)
        self._redis_failing = False

    async def count_attempt(self, account: str, client_address: str | None) -> None:
        try:
            await self._shared.count_attempt(account, client_address)
        except StorageError as err:
            if not self._redis_failing:
                logger.warning(
                    "log-in limits: Redis failed (%s); counting in this process "
                    "until it answers again",
                    err.storage_error,
                )
            self._redis_failing = True
            await self._fallback.count_attempt(account, client_address)
            return
        if self._redis_failing:
            logger.info("log-in limits: Redis answers again; counting there")
            self._redis_failing = False
