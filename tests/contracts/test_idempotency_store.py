"""Contract of IdempotencyStore.

These implementations behave the same:

- SqlaIdempotencyStore, on SQLite and PostgreSQL;
- InMemoryIdempotencyStore.

Leases are real time: a test that lets one run out waits LEASE_SECONDS.
"""

import asyncio
from collections.abc import AsyncIterator

import pytest

from app.application.ports.idempotency_store import (
    IdempotencyKey,
    IdempotencyStore,
    StoredRequest,
)
from app.domain.exceptions import DomainValidationError
from app.infrastructure.adapters.sqla_idempotency_store import SqlaIdempotencyStore
from app.infrastructure.persistence.database import (
    DatabaseConfig,
    create_engine,
    create_session_factory,
)
from tests.contracts.conftest import IN_MEMORY
from tests.support.doubles.in_memory_idempotency_store import (
    InMemoryIdempotencyStore,
)

KEY = IdempotencyKey("place-order", "user-1", "key-1")
LEASE_SECONDS = 0.2
LONG_LEASE = 60.0


@pytest.fixture
async def store(store_url: str | None) -> AsyncIterator[IdempotencyStore]:
    if store_url is IN_MEMORY:
        yield InMemoryIdempotencyStore()
        return
    engine = create_engine(DatabaseConfig(url=store_url))
    yield SqlaIdempotencyStore(create_session_factory(engine))
    await engine.dispose()


async def test_a_new_key_is_claimed(store: IdempotencyStore) -> None:
    assert await store.claim(KEY, "fp-a", LONG_LEASE) is None


async def test_a_live_claim_is_not_claimed_again(store: IdempotencyStore) -> None:
    await store.claim(KEY, "fp-a", LONG_LEASE)

    assert await store.claim(KEY, "fp-a", LONG_LEASE) == StoredRequest("fp-a", None)


async def test_another_request_sees_the_first_fingerprint(
    store: IdempotencyStore,
) -> None:
    await store.claim(KEY, "fp-a", LONG_LEASE)
    await store.complete(KEY, "result-a")

    assert await store.claim(KEY, "fp-b", LONG_LEASE) == StoredRequest(
        "fp-a", "result-a"
    )


async def test_a_completed_key_answers_its_result(store: IdempotencyStore) -> None:
    await store.claim(KEY, "fp-a", LONG_LEASE)
    await store.complete(KEY, "result-a")

    assert await store.claim(KEY, "fp-a", LONG_LEASE) == StoredRequest(
        "fp-a", "result-a"
    )


async def test_a_released_key_is_claimed_again_by_the_same_request_only(
    store: IdempotencyStore,
) -> None:
    await store.claim(KEY, "fp-a", LONG_LEASE)
    await store.release(KEY)

    assert await store.claim(KEY, "fp-b", LONG_LEASE) == StoredRequest("fp-a", None)
    assert await store.claim(KEY, "fp-a", LONG_LEASE) is None


async def test_an_expired_claim_is_taken_over(store: IdempotencyStore) -> None:
    await store.claim(KEY, "fp-a", LEASE_SECONDS)
    await asyncio.sleep(LEASE_SECONDS * 1.5)

    assert await store.claim(KEY, "fp-a", LONG_LEASE) is None
    assert await store.claim(KEY, "fp-a", LONG_LEASE) == StoredRequest("fp-a", None)


async def test_keys_of_other_owners_and_operations_are_apart(
    store: IdempotencyStore,
) -> None:
    await store.claim(KEY, "fp-a", LONG_LEASE)

    other_owner = IdempotencyKey(KEY.operation, "user-2", KEY.value)
    other_operation = IdempotencyKey("refund", KEY.owner, KEY.value)
    assert await store.claim(other_owner, "fp-b", LONG_LEASE) is None
    assert await store.claim(other_operation, "fp-c", LONG_LEASE) is None


async def test_claims_at_once_have_one_winner(store: IdempotencyStore) -> None:
    outcomes = await asyncio.gather(
        *(store.claim(KEY, "fp-a", LONG_LEASE) for _ in range(10))
    )

    assert outcomes.count(None) == 1
    assert set(outcomes) - {None} == {StoredRequest("fp-a", None)}


@pytest.mark.parametrize("value", ["", "k" * 256, "caf\u00e9", "a\x00b", "tab\there"])
def test_a_key_is_1_to_255_printable_ascii_characters(value: str) -> None:
    with pytest.raises(DomainValidationError) as raised:
        IdempotencyKey("place-order", "user-1", value)

    assert raised.value.field == "idempotency_key"
