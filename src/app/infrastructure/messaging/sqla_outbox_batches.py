from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.messaging.outbox_batch import OutboxBatch
from app.infrastructure.messaging.outbox_message import OutboxMessage
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.base import table_of
from app.infrastructure.persistence.models.outbox_message import OutboxMessageModel

_OUTBOX = table_of(OutboxMessageModel)
# Built once (the relay claims a batch after every placement's commit), on
# the table: no ORM object is made.
_CLAIM = (
    select(_OUTBOX.c.id, _OUTBOX.c.topic, _OUTBOX.c.payload)
    .where(_OUTBOX.c.published_at.is_(None))
    .order_by(_OUTBOX.c.id)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True)
)
_MARK_PUBLISHED = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id.in_(bindparam("ids", expanding=True)))
    .values(published_at=bindparam("at"))
)


class SqlaOutboxBatches:
    """Claims unpublished outbox_messages rows for the relay, and marks them
    published, each batch in a session of its own (the relay serves no
    request)."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    @asynccontextmanager
    async def claim(self, limit: int) -> AsyncIterator[OutboxBatch]:
        """The oldest unpublished messages, at most ``limit``. When the block
        exits, even by an exception, the messages it noted published are
        marked so. On PostgreSQL the claimed rows stay locked until then (FOR
        UPDATE SKIP LOCKED): another process claiming meanwhile gets the
        next rows, not these. Raises DataMapperError when the database
        fails."""
        try:
            async with self._session_factory() as session:
                rows = await session.execute(_CLAIM, {"limit": limit})
                batch = OutboxBatch([OutboxMessage(*row) for row in rows])
                try:
                    yield batch
                finally:
                    if batch.published_ids:
                        await session.execute(
                            _MARK_PUBLISHED,
                            {"ids": batch.published_ids, "at": datetime.now(UTC)},
                        )
                    await session.commit()
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
