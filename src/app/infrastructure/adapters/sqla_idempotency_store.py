from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, CursorResult, Row, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.application.ports.idempotency_store import (
    IdempotencyKey,
    IdempotencyStore,
    StoredRequest,
)
from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.insert_if_absent import insert_if_absent
from app.infrastructure.persistence.models.idempotency_key import IdempotencyKeyModel

# What a claim reads of a key someone else holds.
_StoredRow = Row[str, str | None, datetime | None]


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
                if await self._insert(session, key, fingerprint, now, until):
                    return None
                row = await _read(session, key)
                if row is not None and _free_for(row, fingerprint, now):
                    if await self._take_over(session, key, fingerprint, now, until):
                        return None
                    # Another request took it over first: read it as it is now.
                    row = await _read(session, key)
                if row is None:
                    raise DataMapperError("an idempotency key vanished while claimed")
                return StoredRequest(fingerprint=row.fingerprint, result=row.result)
        except DATABASE_ERRORS as err:
            raise DataMapperError from err

    async def complete(self, key: IdempotencyKey, result: str) -> None:
        await self._set(key, result=result, locked_until=None)

    async def release(self, key: IdempotencyKey) -> None:
        await self._set(key, locked_until=None)

    async def _insert(
        self,
        session: AsyncSession,
        key: IdempotencyKey,
        fingerprint: str,
        now: datetime,
        until: datetime,
    ) -> bool:
        """Whether the key was new: it is claimed and committed then. A key
        another request inserted first, even at the same moment, is left as
        it is, and the transaction goes on (to read it)."""
        model = IdempotencyKeyModel
        inserted = await session.scalar(
            insert_if_absent(session, model)
            .values(
                operation=key.operation,
                owner=key.owner,
                key=key.value,
                fingerprint=fingerprint,
                result=None,
                locked_until=until,
                created_at=now,
            )
            .returning(model.key)
        )
        if inserted is None:
            return False
        await session.commit()
        return True

    async def _take_over(
        self,
        session: AsyncSession,
        key: IdempotencyKey,
        fingerprint: str,
        now: datetime,
        until: datetime,
    ) -> bool:
        model = IdempotencyKeyModel
        taken: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
            update(model)
            .where(
                *_matching(key),
                model.fingerprint == fingerprint,
                model.result.is_(None),
                or_(model.locked_until.is_(None), model.locked_until <= now),
            )
            .values(locked_until=until)
            .execution_options(synchronize_session=False)
        )
        await session.commit()
        return taken.rowcount == 1

    async def _set(self, key: IdempotencyKey, **values: object) -> None:
        try:
            async with self._session_factory() as session, session.begin():
                await session.execute(
                    update(IdempotencyKeyModel)
                    .where(*_matching(key))
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )
        except DATABASE_ERRORS as err:
            raise DataMapperError from err


async def _read(session: AsyncSession, key: IdempotencyKey) -> _StoredRow | None:
    model = IdempotencyKeyModel
    rows = await session.execute(
        select(model.fingerprint, model.result, model.locked_until).where(
            *_matching(key)
        )
    )
    return rows.first()


def _free_for(row: _StoredRow, fingerprint: str, now: datetime) -> bool:
    # Checked before the UPDATE that repeats it, so that a request waiting
    # for a live claim sends no UPDATE on each look.
    return (
        row.fingerprint == fingerprint
        and row.result is None
        and (row.locked_until is None or row.locked_until <= now)
    )


def _matching(key: IdempotencyKey) -> tuple[ColumnElement[bool], ...]:
    model = IdempotencyKeyModel
    return (
        model.operation == key.operation,
        model.owner == key.owner,
        model.key == key.value,
    )
