from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, Row, Update, and_, bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.application.ports.idempotency_store import (
    IdempotencyKey,
    IdempotencyStore,
    StoredRequest,
)
from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.insert_if_absent import InsertIfAbsent
from app.infrastructure.persistence.models.base import table_of
from app.infrastructure.persistence.models.idempotency_key import IdempotencyKeyModel

# What a claim reads of a key someone else holds.
_StoredRow = Row[str, str | None, datetime | None]

# Statements built once, on the table (no ORM object is made or tracked):
# each placement claims and completes a key, and a statement built per call
# cost more CPU than its round trip (see InsertIfAbsent). Values come as
# parameters, named apart from the columns (SQLAlchemy reserves a column's
# name for its own SET parameter).
_KEYS = table_of(IdempotencyKeyModel)
_THE_KEY = and_(
    _KEYS.c.operation == bindparam("key_operation"),
    _KEYS.c.owner == bindparam("key_owner"),
    _KEYS.c.key == bindparam("key_value"),
)
_INSERT = InsertIfAbsent(_KEYS, _KEYS.c.key)
_READ = select(_KEYS.c.fingerprint, _KEYS.c.result, _KEYS.c.locked_until).where(
    _THE_KEY
)
# A take-over repeats _free_for's conditions: one of two racing ones wins.
_TAKE_OVER = (
    update(_KEYS)
    .where(
        _THE_KEY,
        _KEYS.c.fingerprint == bindparam("expected_fingerprint"),
        _KEYS.c.result.is_(None),
        or_(_KEYS.c.locked_until.is_(None), _KEYS.c.locked_until <= bindparam("now")),
    )
    .values(locked_until=bindparam("until"))
)
_COMPLETE = (
    update(_KEYS).where(_THE_KEY).values(result=bindparam("outcome"), locked_until=None)
)
_RELEASE = update(_KEYS).where(_THE_KEY).values(locked_until=None)


class SqlaIdempotencyStore(IdempotencyStore):
    """IdempotencyStore on the idempotency_keys table, each call in a short
    transaction of its own (not the request's): a claim must be seen by
    other requests at once, and must outlive the rollback of the operation
    it guards.

    A new key is claimed by its INSERT, which skips a key already there
    (the primary key lets one of two racing inserts win), so the common case
    costs one statement; a released or expired claim is taken over by an
    UPDATE whose WHERE repeats the conditions, so one of two racing
    take-overs wins.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def claim(
        self, key: IdempotencyKey, fingerprint: str, lease_seconds: float
    ) -> StoredRequest | None:
        now = datetime.now(UTC)
        until = now + timedelta(seconds=lease_seconds)
        try:
            async with self._session_factory() as session:
                # The common case, a new key, in one statement; the row is
                # read only when the key was there.
                if await _insert(session, key, fingerprint, now, until):
                    return None
                row = await _read(session, key)
                if row is not None and _free_for(row, fingerprint, now):
                    if await _take_over(session, key, fingerprint, now, until):
                        return None
                    # Another request took it over first: read it as it is now.
                    row = await _read(session, key)
                if row is None:
                    raise DataMapperError("an idempotency key vanished while claimed")
                return StoredRequest(fingerprint=row.fingerprint, result=row.result)
        except DATABASE_ERRORS as err:
            raise DataMapperError from err

    async def complete(self, key: IdempotencyKey, result: str) -> None:
        await self._set(_COMPLETE, {**_parameters(key), "outcome": result})

    async def release(self, key: IdempotencyKey) -> None:
        await self._set(_RELEASE, _parameters(key))

    async def _set(self, statement: Update, parameters: dict[str, object]) -> None:
        try:
            async with self._session_factory() as session, session.begin():
                await session.execute(statement, parameters)
        except DATABASE_ERRORS as err:
            raise DataMapperError from err


async def _insert(
    session: AsyncSession,
    key: IdempotencyKey,
    fingerprint: str,
    now: datetime,
    until: datetime,
) -> bool:
    """Whether the key was new: it is claimed and committed then. A key
    another request inserted first, even at the same moment, is left as
    it is, and the transaction goes on (to read it)."""
    values = {
        "operation": key.operation,
        "owner": key.owner,
        "key": key.value,
        "fingerprint": fingerprint,
        "result": None,
        "locked_until": until,
        "created_at": now,
    }
    if not await _INSERT.run(session, values):
        return False
    await session.commit()
    return True


async def _read(session: AsyncSession, key: IdempotencyKey) -> _StoredRow | None:
    rows = await session.execute(_READ, _parameters(key))
    return rows.first()


async def _take_over(
    session: AsyncSession,
    key: IdempotencyKey,
    fingerprint: str,
    now: datetime,
    until: datetime,
) -> bool:
    parameters = {**_parameters(key), "expected_fingerprint": fingerprint}
    taken: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        _TAKE_OVER, {**parameters, "now": now, "until": until}
    )
    await session.commit()
    return taken.rowcount == 1


def _free_for(row: _StoredRow, fingerprint: str, now: datetime) -> bool:
    # Checked before the UPDATE that repeats it, so that a request waiting
    # for a live claim sends no UPDATE on each look.
    return (
        row.fingerprint == fingerprint
        and row.result is None
        and (row.locked_until is None or row.locked_until <= now)
    )


def _parameters(key: IdempotencyKey) -> dict[str, object]:
    return {
        "key_operation": key.operation,
        "key_owner": key.owner,
        "key_value": key.value,
    }
