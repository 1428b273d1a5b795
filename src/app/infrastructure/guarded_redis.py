"""The Redis client the cache adapters share, made for a cache: a Redis
that is slow, hung or away costs each request milliseconds, never seconds,
and is logged once per outage.

- Every command has a short timeout (connecting, and each wait for data) and
  is tried once: a cache answers fast or is skipped.
- A circuit breaker (purgatory) counts the failures that mean "Redis is
  away" (connection errors and timeouts) in a row; after
  ``breaker_failures`` of them it opens, and for ``breaker_reset_seconds``
  every command fails at once without reaching Redis. Then one command is
  let through: its success closes the circuit, its failure opens it again.
- The outage is logged once, at WARNING, when the circuit first opens, and
  once more, with its length, when it closes; nothing per command. A reply
  that is an error (a command Redis refuses) is no outage: it is logged on
  its own, without a traceback.

A command refused by the open circuit raises redis.exceptions.ConnectionError
(saying it was not sent), as an unreachable Redis does, so adapters that wrap
RedisError (into CacheError) need no change. Pipelines and pub/sub are not
guarded.
"""

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from purgatory import AsyncCircuitBreakerFactory
from purgatory.domain.messages.base import Event
from purgatory.domain.messages.events import ContextChanged
from purgatory.domain.model import OpenedState
from redis.asyncio import ConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_CIRCUIT = "redis"
# What says Redis is away (or hung), rather than refusing one command.
_OUTAGES = (RedisConnectionError, RedisTimeoutError, OSError, TimeoutError)


@dataclass(frozen=True, slots=True)
class RedisConfig:
    # redis://[user:password@]host:port/db; kept out of repr (the password).
    url: str = field(repr=False)
    # Connecting, and each wait for a reply.
    timeout_seconds: float = 0.25
    # Outage failures in a row that open the circuit.
    breaker_failures: int = 3
    # How long an open circuit fails commands at once before trying one.
    breaker_reset_seconds: float = 5.0


class RedisOutageLog:
    """The circuit breaker of one Redis, and the two lines an outage logs."""

    def __init__(self, config: RedisConfig, server: str) -> None:
        self._config = config
        self._server = server
        self._breakers = AsyncCircuitBreakerFactory(
            default_threshold=config.breaker_failures,
            default_ttl=config.breaker_reset_seconds,
            # Only outages count: an error reply is Redis answering.
            exclude=[(BaseException, lambda err: not isinstance(err, _OUTAGES))],
        )
        self._breakers.add_listener(self._circuit_changed)
        self._last_failure: BaseException | None = None
        self._down_since: float | None = None
        self._refused = 0

    @property
    def is_down(self) -> bool:
        """Whether an outage is going on (the circuit is not closed)."""
        return self._down_since is not None

    @asynccontextmanager
    async def guard(self, command: str) -> AsyncIterator[None]:
        """Runs the block unless the circuit is open (a ConnectionError
        then, the command unsent); its outcome is counted."""
        breaker = await self._breakers.get_breaker(_CIRCUIT)
        try:
            async with breaker:
                try:
                    yield
                except _OUTAGES as err:
                    self._last_failure = err
                    raise
                except RedisError as err:
                    logger.warning(
                        "Redis at %s refused %s: %s", self._server, command, err
                    )
                    raise
        except OpenedState as err:
            self._refused += 1
            raise RedisConnectionError(
                f"Redis at {self._server} failed recently; {command} not sent"
            ) from err

    def _circuit_changed(self, _circuit: str, kind: str, event: Event) -> None:
        if kind != "state_changed" or not isinstance(event, ContextChanged):
            return
        if event.state == "opened" and self._down_since is None:
            self._down_since = time.monotonic()
            self._refused = 0
            logger.warning(
                "Redis at %s is unavailable (%r); cache calls fail at once, "
                "trying Redis again every %.3g s",
                self._server,
                self._last_failure,
                self._config.breaker_reset_seconds,
            )
        elif event.state == "closed" and self._down_since is not None:
            logger.warning(
                "Redis at %s answers again after %.1f s (%d calls failed at once)",
                self._server,
                time.monotonic() - self._down_since,
                self._refused,
            )
            self._down_since = None


class GuardedRedis(Redis):
    """A redis.asyncio.Redis whose commands go through a RedisOutageLog."""

    def __init__(
        self, *, connection_pool: ConnectionPool, outages: RedisOutageLog
    ) -> None:
        super().__init__(connection_pool=connection_pool)
        # The client owns its pool: aclose() disconnects it.
        self.auto_close_connection_pool = True
        self.outages = outages

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        async with self.outages.guard(str(args[0])):
            return await super().execute_command(*args, **options)  # type: ignore[no-untyped-call]


def guarded_redis(config: RedisConfig) -> GuardedRedis:
    """The client for ``config``; it connects on its first command, so the
    app starts (and serves everything else) while Redis is down. Values
    stay bytes."""
    pool = ConnectionPool.from_url(
        config.url,
        socket_connect_timeout=config.timeout_seconds,
        socket_timeout=config.timeout_seconds,
        # One attempt: a retry would double what an outage costs a request.
        retry=Retry(NoBackoff(), 0),
    )
    kwargs = pool.connection_kwargs
    server = f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"
    return GuardedRedis(connection_pool=pool, outages=RedisOutageLog(config, server))
