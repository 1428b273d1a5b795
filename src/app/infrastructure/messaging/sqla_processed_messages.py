from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.processed_message import (
    ProcessedMessageModel,
)


class SqlaProcessedMessages:
    """Which messages each consumer has handled (processed_messages), in the
    request's session: a record added here is committed with the handler's
    changes, or with none of them."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def contains(self, consumer: str, message_id: str) -> bool:
        """Whether ``consumer`` has handled the message. Raises
        DataMapperError."""
        try:
            row = await self._session.get(ProcessedMessageModel, (consumer, message_id))
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
        return row is not None

    def add(self, consumer: str, message_id: str) -> None:
        """Records the message as handled by the next commit. Two deliveries
        racing both add it; the primary key lets one commit only (the other's
        commit raises DataMapperError, and its redelivery finds the record)."""
        self._session.add(
            ProcessedMessageModel(
                consumer=consumer,
                message_id=message_id,
                processed_at=datetime.now(UTC),
            )
        )
