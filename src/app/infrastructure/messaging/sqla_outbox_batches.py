from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.messaging.outbox_batch import OutboxBatch
from app.infrastructure.messaging.outbox_message import OutboxMessage
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.outbox_message import OutboxMessageModel


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
                rows = await session.execute(
                    select(
                        OutboxMessageModel.id,
                        OutboxMessageModel.topic,
                        OutboxMessageModel.payload,
                    )
                    .where(OutboxMessageModel.published_at.is_(None))
                    .order_by(OutboxMessageModel.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
                batch = OutboxBatch([OutboxMessage(*row) for row in rows])
                try:
                    yield batch
                finally:
                    if batch.published_ids:
                        await session.execute(
                            update(OutboxMessageModel)
                            .where(OutboxMessageModel.id.in_(batch.published_ids))
                            .values(published_at=datetime.now(UTC))
                        )
                    await session.commit()
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
