"""The Idempotency service on the in-memory store: one run per key and
request, the same answer for the same request, a refusal for another."""

import asyncio
import logging

import pytest

from app.application.exceptions import (
    IdempotencyKeyInUseError,
    IdempotencyKeyReusedError,
)
from app.application.ports.idempotency_store import IdempotencyKey, StoredRequest
from app.application.services.idempotency import (
    Idempotency,
    IdempotencyConfig,
    fingerprint,
)
from tests.support.doubles.in_memory_idempotency_store import (
    InMemoryIdempotencyStore,
)

KEY = IdempotencyKey("place-order", "user-1", "key-1")
REQUEST = {"lines": [["anvil", 1]]}


class Operation:
    """An operation that counts its runs; each takes ``seconds``."""

    def __init__(self, seconds: float = 0.0, fail: BaseException | None = None):
        self.runs = 0
        self._seconds = seconds
        self._fail = fail

    async def __call__(self) -> str:
        self.runs += 1
        await asyncio.sleep(self._seconds)
        if self._fail is not None:
            raise self._fail
        return f"result-{self.runs}"


def idempotency(
    store: InMemoryIdempotencyStore | None = None, *, wait_seconds: float = 5.0
) -> Idempotency:
    return Idempotency(
        store or InMemoryIdempotencyStore(),
        IdempotencyConfig(lease_seconds=60, wait_seconds=wait_seconds),
    )


async def test_the_same_request_at_once_runs_once_and_all_get_its_result() -> None:
    service = idempotency()
    operation = Operation(seconds=0.05)

    results = await asyncio.gather(
        *(service.run(KEY, REQUEST, operation) for _ in range(20))
    )

    assert operation.runs == 1
    assert set(results) == {"result-1"}


async def test_the_same_request_later_gets_the_stored_result() -> None:
    service = idempotency()
    operation = Operation()

    first = await service.run(KEY, REQUEST, operation)
    again = await service.run(KEY, REQUEST, operation)

    assert (first, again, operation.runs) == ("result-1", "result-1", 1)


async def test_another_request_with_a_used_key_is_refused_unrun() -> None:
    service = idempotency()
    operation = Operation()
    await service.run(KEY, REQUEST, operation)

    with pytest.raises(IdempotencyKeyReusedError):
        await service.run(KEY, {"lines": [["anvil", 2]]}, operation)

    assert operation.runs == 1


async def test_a_failed_run_frees_the_key_for_the_same_request() -> None:
    service = idempotency()

    with pytest.raises(TimeoutError):
        await service.run(KEY, REQUEST, Operation(fail=TimeoutError()))
    with pytest.raises(IdempotencyKeyReusedError):
        await service.run(KEY, {"other": True}, Operation())

    assert await service.run(KEY, REQUEST, Operation()) == "result-1"


async def test_a_run_in_flight_past_the_wait_is_in_progress() -> None:
    service = idempotency(wait_seconds=0.05)
    slow = asyncio.create_task(service.run(KEY, REQUEST, Operation(seconds=0.5)))
    await asyncio.sleep(0.01)

    with pytest.raises(IdempotencyKeyInUseError):
        await service.run(KEY, REQUEST, Operation())

    assert await slow == "result-1"


async def test_run_if_free_skips_a_key_claimed_or_finished() -> None:
    store = InMemoryIdempotencyStore()
    service = idempotency(store)
    operation = Operation()
    await store.claim(KEY, fingerprint(REQUEST), 60)

    assert not await service.run_if_free(KEY, REQUEST, operation)
    await store.release(KEY)
    assert await service.run_if_free(KEY, REQUEST, operation)
    assert not await service.run_if_free(KEY, REQUEST, operation)
    assert operation.runs == 1


class UncompletableStore(InMemoryIdempotencyStore):
    async def complete(self, key: IdempotencyKey, result: str) -> None:
        raise ConnectionError("the database went away")


async def test_a_result_not_stored_is_answered_and_the_key_stays_claimed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = UncompletableStore()

    with caplog.at_level(logging.WARNING):
        result = await idempotency(store).run(KEY, REQUEST, Operation())

    assert result == "result-1"
    assert "not completed" in caplog.text
    assert await store.claim(KEY, fingerprint(REQUEST), 60) == StoredRequest(
        fingerprint(REQUEST), None
    )


def test_a_fingerprint_ignores_the_order_of_keys_not_of_lists() -> None:
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"b": [1, 2]}) != fingerprint({"b": [2, 1]})
