from limits.aio.storage import MemoryStorage

from app.application.ports.log_in_rate_limiter import LogInRateLimiter
from app.infrastructure.log_in_limits import LogInLimits, LogInLimitsConfig


class InProcessLogInRateLimiter(LogInRateLimiter):
    """Log-in limits counted in this process's memory (``limits``'
    MemoryStorage, which drops expired counters itself): bound while
    REDIS_URL is not set. Each process counts on its own, so N workers allow
    N times the attempts; set REDIS_URL to share the counts."""

    def __init__(self, config: LogInLimitsConfig) -> None:
        self._limits = LogInLimits(MemoryStorage(), config)

    async def count_attempt(self, account: str, client_address: str | None) -> None:
        await self._limits.count_attempt(account, client_address)
