"""Idempotency keys as the large public APIs handle them (Stripe; the IETF
httpapi Idempotency-Key draft), for any operation of the service.

The first request with a key claims it and runs; its result is stored with
a fingerprint of the request. The same request again (a client's retry, or
the same request sent twice at once) gets that result, waiting for it while
the first is still running, and never runs twice. Another request with a
used key is refused (IdempotencyKeyReusedError): it would otherwise get an
answer about a request it did not make.
"""

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.application.exceptions import (
    IdempotencyKeyInUseError,
    IdempotencyKeyReusedError,
)
from app.application.ports.idempotency_store import IdempotencyKey, IdempotencyStore

logger = logging.getLogger(__name__)

# Waiting for a request in flight: the first look comes soon (most finish in
# milliseconds), later ones spread out.
_FIRST_POLL_SECONDS = 0.02
_MAX_POLL_SECONDS = 0.25


@dataclass(frozen=True, slots=True)
class IdempotencyConfig:
    # How long a claim holds the key: longer than the operation can take
    # (another service's attempts included). A claim its process left
    # behind (a crash) is taken over after this.
    lease_seconds: float = 60.0
    # How long the same request waits for the one in flight to finish before
    # it is answered IdempotencyKeyInUseError ("retry shortly").
    wait_seconds: float = 5.0


def fingerprint(request: object) -> str:
    """The SHA-256 of ``request`` as canonical JSON (keys sorted, no spaces;
    what JSON cannot hold, such as a UUID, as its str). Equal requests have
    equal fingerprints; sort lists whose order does not matter first."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class Idempotency:
    """Runs operations at most once per IdempotencyKey, in every process
    sharing the IdempotencyStore.

    An operation returns its result as a str (an id, say, or JSON), which is
    what a repeated request gets. It must be safe to run again after a
    failure: a failed run releases the key and the next request with it runs
    the operation again, which should find and finish what the failed run
    left (a stored order, say). The same holds after a crash, once the lease
    runs out.
    """

    def __init__(self, store: IdempotencyStore, config: IdempotencyConfig) -> None:
        self._store = store
        self._config = config

    async def run(
        self,
        key: IdempotencyKey,
        request: object,
        operation: Callable[[], Awaitable[str]],
    ) -> str:
        """The result of ``operation`` for this key and ``request``: run now
        when the key is new (or its last run failed), stored when it ran
        before, awaited when it runs in another request.

        Raises IdempotencyKeyReusedError when the key was used with another
        request, IdempotencyKeyInUseError when the run in flight did not
        finish within ``wait_seconds``, whatever ``operation`` raises, and
        the store's DataMapperError when the key cannot be claimed.
        """
        request_fingerprint = fingerprint(request)
        stored = await self._claim_or_wait(key, request_fingerprint)
        if stored is not None:
            return stored
        return await self._run_claimed(key, operation)

    async def run_if_free(
        self,
        key: IdempotencyKey,
        request: object,
        operation: Callable[[], Awaitable[str]],
    ) -> bool:
        """Runs ``operation`` as ``run`` does when nobody holds the key and no
        result is stored for it; returns whether it ran. Never waits: for
        background work that must not race a client's retry."""
        held = await self._store.claim(
            key, fingerprint(request), self._config.lease_seconds
        )
        if held is not None:
            return False
        await self._run_claimed(key, operation)
        return True

    async def _claim_or_wait(self, key: IdempotencyKey, request: str) -> str | None:
        """None once this request holds the key; the stored result when the
        same request finished before (or meanwhile)."""
        deadline = time.monotonic() + self._config.wait_seconds
        pause = _FIRST_POLL_SECONDS
        while True:
            held = await self._store.claim(key, request, self._config.lease_seconds)
            if held is None:
                return None
            if held.fingerprint != request:
                raise IdempotencyKeyReusedError
            if held.result is not None:
                return held.result
            if time.monotonic() + pause > deadline:
                raise IdempotencyKeyInUseError
            await asyncio.sleep(pause)
            pause = min(pause * 2, _MAX_POLL_SECONDS)

    async def _run_claimed(
        self, key: IdempotencyKey, operation: Callable[[], Awaitable[str]]
    ) -> str:
        try:
            result = await operation()
        except BaseException:
            await self._release(key)
            raise
        try:
            await self._store.complete(key, result)
        except Exception:
            # The operation's effect stands and is answered. Until the lease
            # runs out the key stays claimed (retries are told to wait); then
            # a retry runs the operation again, which finds that effect.
            logger.warning(
                "idempotency key of %s not completed; it is freed when its lease ends",
                key.operation,
                exc_info=True,
            )
        return result

    async def _release(self, key: IdempotencyKey) -> None:
        try:
            await self._store.release(key)
        except Exception:
            # Never hides the operation's own failure; the lease frees it.
            logger.warning(
                "idempotency key of %s not released; it is freed when its lease ends",
                key.operation,
                exc_info=True,
            )
