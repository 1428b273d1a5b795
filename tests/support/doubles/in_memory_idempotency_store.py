"""IdempotencyStore in a dict, for use-case tests: one process only."""

import time
from dataclasses import dataclass

from app.application.ports.idempotency_store import (
    IdempotencyKey,
    IdempotencyStore,
    StoredRequest,
)


@dataclass
class _Record:
    fingerprint: str
    result: str | None
    # time.monotonic() until which the claim holds; None when unclaimed.
    locked_until: float | None


class InMemoryIdempotencyStore(IdempotencyStore):
    """IdempotencyStore in memory, with leases on time.monotonic(). No await
    between reading and writing a record, so concurrent claims cannot both
    win."""

    def __init__(self) -> None:
        self._records: dict[IdempotencyKey, _Record] = {}

    async def claim(
        self, key: IdempotencyKey, fingerprint: str, lease_seconds: float
    ) -> StoredRequest | None:
        now = time.monotonic()
        record = self._records.get(key)
        if record is None:
            self._records[key] = _Record(fingerprint, None, now + lease_seconds)
            return None
        free = record.locked_until is None or record.locked_until <= now
        if record.fingerprint == fingerprint and record.result is None and free:
            record.locked_until = now + lease_seconds
            return None
        return StoredRequest(fingerprint=record.fingerprint, result=record.result)

    async def complete(self, key: IdempotencyKey, result: str) -> None:
        record = self._records.get(key)
        if record is not None:
            record.result = result
            record.locked_until = None

    async def release(self, key: IdempotencyKey) -> None:
        record = self._records.get(key)
        if record is not None:
            record.locked_until = None
