"""Log-in attempt limits with the ``limits`` library, on any of its storages.

Shared by the in-process and the Redis adapters of LogInRateLimiter. Each
limit is a sliding window counter (two counters per key, however many
attempts): a burst at a window's edge cannot double the allowance, as it
could with fixed windows.
"""

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

from app.application.exceptions import TooManyAttemptsError


@dataclass(frozen=True, slots=True)
class LogInLimitsConfig:
    # In the `limits` notation: "10 per 15 minutes", "100/hour".
    per_account: str = "10 per 15 minutes"
    per_address: str = "100 per 15 minutes"
    # Before every key the Redis adapter stores.
    key_prefix: str = "log_in_limits"


class LogInLimits:
    def __init__(self, storage: Storage, config: LogInLimitsConfig) -> None:
        self._limiter = SlidingWindowCounterRateLimiter(storage)
        self._per_account = parse(config.per_account)
        self._per_address = parse(config.per_address)

    async def count_attempt(self, account: str, client_address: str | None) -> None:
        """Raises TooManyAttemptsError when the account or the address has
        no attempt left (the refused attempt is not counted)."""
        checks = [(self._per_account, "account", account)]
        if client_address is not None:
            checks.append((self._per_address, "address", client_address))
        for item, kind, key in checks:
            if not await self._limiter.hit(item, kind, key):
                raise TooManyAttemptsError(
                    await self._seconds_until_next(item, kind, key)
                )

    async def _seconds_until_next(self, item: RateLimitItem, *identifiers: str) -> int:
        stats = await self._limiter.get_window_stats(item, *identifiers)
        return max(1, math.ceil(stats.reset_time - time.time()))
