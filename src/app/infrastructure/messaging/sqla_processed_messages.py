from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.insert_if_absent import InsertIfAbsent
from app.infrastructure.persistence.models.base import table_of
from app.infrastructure.persistence.models.processed_message import (
    ProcessedMessageModel,
)

_PROCESSED = table_of(ProcessedMessageModel)
# Built once: every message a consumer handles records itself.
_RECORD = InsertIfAbsent(_PROCESSED, _PROCESSED.c.message_id)


class SqlaProcessedMessages:
    """Which messages each consumer has handled (processed_messages), in the
    request's session: a record made here is committed with the handler's
    changes, or with none of them."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, consumer: str, message_id: str) -> bool:
        """Records the message as handled by ``consumer``, committed with the
        handler's changes (or rolled back with them); False, and nothing
        recorded, when a record is there already: the message was handled
        before. One statement (an insert that skips a record already there),
        not a read and then an insert. On PostgreSQL a delivery racing
        another that recorded the same message waits for that one's
        transaction, then finds its record (or records it, after a
        rollback); on SQLite writers take turns. Raises DataMapperError."""
        values = {
            "consumer": consumer,
            "message_id": message_id,
            "processed_at": datetime.now(UTC),
        }
        try:
            return await _RECORD.run(self._session, values)
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
