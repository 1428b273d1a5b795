from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, CursorResult, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.application.ports.idempotency_store import (
    IdempotencyKey,
    IdempotencyStore,
    StoredRequest,
)
from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.idempotency_key import IdempotencyKeyModel


class SqlaIdempotencyStore(IdempotencyStore):
    """IdempotencyStore on the idempotency_keys table, each call in a short
    transaction of its own (not the request's): a claim must be seen by
    other requests at once, and must outlive the rollback of the operation
    it guards.

    A new key is claimed by its INSERT (the primary key lets one of two
    racing inserts win); a released or expired claim is taken over by an
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
                row = await _read(session, key)
                if row is None:
                    if await self._insert(session, key, fingerprint, now, until):
                        return None
                elif _free_for(row, fingerprint, now) and await self._take_over(
                    session, key, fingerprint, now, until
                ):
                    return None
                # Someone else's: read it as it is now.
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
        session.add(
            IdempotencyKeyModel(
                operation=key.operation,
                owner=key.owner,
                key=key.value,
                fingerprint=fingerprint,
                result=None,
                locked_until=until,
                created_at=now,
            )
        )
        try:
            await session.commit()
        except IntegrityError:
            # Another request inserted it first.
            await session.rollback()
            return False
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


async def _read(
    session: AsyncSession, key: IdempotencyKey
) -> IdempotencyKeyModel | None:
    return await session.get(
        IdempotencyKeyModel,
        (key.operation, key.owner, key.value),
        populate_existing=True,
    )


def _free_for(row: IdempotencyKeyModel, fingerprint: str, now: datetime) -> bool:
    # Checked before the UPDATE that repeats it, so that requests waiting
    # for a live claim only read: on SQLite even an UPDATE that changes no
    # row takes the write lock.
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
