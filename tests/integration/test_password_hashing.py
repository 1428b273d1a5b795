"""Argon2PasswordHasher on the HashingPool: correctness, concurrency, overload.

No database: the pool and the hasher are real, with small argon2 costs except
where a test needs hashing to be slow.
"""

import asyncio
import time
from collections.abc import Iterator

import pytest

from app.domain.value_objects.password import PasswordHash, RawPassword
from app.infrastructure.adapters.argon2_password_hasher import (
    Argon2Config,
    Argon2PasswordHasher,
)
from app.infrastructure.exceptions import PasswordHasherBusyError
from app.infrastructure.hashing_pool import HashingPool, HashingPoolConfig

FAST = Argon2Config(time_cost=1, memory_cost_kib=8, parallelism=1)
# Slow enough (a few hundred ms) that its duration dwarfs scheduling noise.
SLOW = Argon2Config(time_cost=4, memory_cost_kib=65536, parallelism=1)

PASSWORD = RawPassword("correct horse battery staple")


@pytest.fixture
def pool() -> Iterator[HashingPool]:
    pool = HashingPool(HashingPoolConfig(workers=2, max_waiting=16))
    yield pool
    pool.shutdown()


@pytest.fixture
def hasher(pool: HashingPool) -> Argon2PasswordHasher:
    return Argon2PasswordHasher(pool, FAST)


async def test_hash_then_verify(hasher: Argon2PasswordHasher) -> None:
    password_hash = await hasher.hash(PASSWORD)

    assert password_hash.value.startswith("$argon2id$")
    assert PASSWORD.value not in password_hash.value
    assert await hasher.verify(PASSWORD, password_hash) is True
    assert await hasher.verify(RawPassword("wrong horse battery"), password_hash) is (
        False
    )


async def test_hashing_one_password_twice_gives_different_salted_hashes(
    hasher: Argon2PasswordHasher,
) -> None:
    first = await hasher.hash(PASSWORD)
    second = await hasher.hash(PASSWORD)

    assert first != second
    assert await hasher.verify(PASSWORD, first)
    assert await hasher.verify(PASSWORD, second)


async def test_hash_made_with_other_costs_still_verifies(
    pool: HashingPool,
) -> None:
    """Stored hashes carry their own parameters, so raising costs breaks no login."""
    old = await Argon2PasswordHasher(pool, FAST).hash(PASSWORD)
    newer = Argon2PasswordHasher(
        pool, Argon2Config(time_cost=2, memory_cost_kib=16, parallelism=2)
    )

    assert await newer.verify(PASSWORD, old) is True
    assert await newer.verify(RawPassword("another password"), old) is False


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "not-a-hash",
        "$argon2id$v=19$m=8,t=1,p=1$garbage",
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
    ],
)
async def test_garbage_hash_verifies_false(
    hasher: Argon2PasswordHasher, garbage: str
) -> None:
    assert await hasher.verify(PASSWORD, PasswordHash(garbage)) is False


async def test_non_ascii_garbage_hash_verifies_false(
    hasher: Argon2PasswordHasher,
) -> None:
    assert await hasher.verify(PASSWORD, PasswordHash("$argon2id$ünïcode")) is False


async def test_hashing_does_not_block_the_event_loop() -> None:
    pool = HashingPool(HashingPoolConfig(workers=1))
    hasher = Argon2PasswordHasher(pool, SLOW)
    ticks = 0
    stop = asyncio.Event()

    async def tick() -> None:
        nonlocal ticks
        while not stop.is_set():
            await asyncio.sleep(0.005)
            ticks += 1

    ticker = asyncio.create_task(tick())
    try:
        started = time.monotonic()
        password_hash = await hasher.hash(PASSWORD)
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        await ticker
        pool.shutdown()

    assert password_hash.value.startswith("$argon2id$v=19$m=65536,t=4,p=1$")
    # A blocked loop could not tick while hashing; a free one ticks every ~5 ms.
    assert elapsed > 0.05
    assert ticks >= 5, (ticks, elapsed)


async def test_overload_fails_fast_with_busy_while_admitted_calls_succeed() -> None:
    pool = HashingPool(
        HashingPoolConfig(workers=1, max_waiting=0, admission_timeout=0.05)
    )
    hasher = Argon2PasswordHasher(pool, SLOW)

    async def timed_hash() -> tuple[float, PasswordHash | PasswordHasherBusyError]:
        started = time.monotonic()
        try:
            outcome: PasswordHash | PasswordHasherBusyError = await hasher.hash(
                PASSWORD
            )
        except PasswordHasherBusyError as busy:
            outcome = busy
        return time.monotonic() - started, outcome

    try:
        results = await asyncio.gather(*(timed_hash() for _ in range(5)))
    finally:
        pool.shutdown()

    admitted = [(t, o) for t, o in results if isinstance(o, PasswordHash)]
    rejected = [(t, o) for t, o in results if isinstance(o, PasswordHasherBusyError)]
    assert len(admitted) == 1, results
    assert len(rejected) == 4, results
    admitted_time = admitted[0][0]
    slowest_rejection = max(t for t, _ in rejected)
    # Rejected after the admission timeout, not after queueing for the worker.
    assert slowest_rejection < 0.05 + 0.25
    assert slowest_rejection < admitted_time / 2, (slowest_rejection, admitted_time)
    assert all(type(o) is PasswordHasherBusyError for _, o in rejected)
    assert all(isinstance(o.__cause__, TimeoutError) for _, o in rejected)
    admitted_hash = admitted[0][1]
    assert isinstance(admitted_hash, PasswordHash)
    assert admitted_hash.value.startswith("$argon2id$v=19$m=65536,t=4,p=1$")


async def test_each_finished_call_frees_its_admission_slot() -> None:
    pool = HashingPool(
        HashingPoolConfig(workers=1, max_waiting=0, admission_timeout=0.05)
    )
    hasher = Argon2PasswordHasher(pool, FAST)
    try:
        for _ in range(5):
            password_hash = await hasher.hash(PASSWORD)
            assert await hasher.verify(PASSWORD, password_hash)
    finally:
        pool.shutdown()


async def test_waiting_callers_are_admitted_within_the_timeout(
    pool: HashingPool,
) -> None:
    """Two workers, room to wait: a burst of fast hashes all succeed."""
    hasher = Argon2PasswordHasher(pool, FAST)

    hashes = await asyncio.gather(*(hasher.hash(PASSWORD) for _ in range(10)))

    assert len({h.value for h in hashes}) == 10
    assert all(await asyncio.gather(*(hasher.verify(PASSWORD, h) for h in hashes)))
