from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.outbox_message import OutboxMessageModel


@dataclass(frozen=True, slots=True)
class OutboxBacklog:
    unpublished: int
    # Age of the oldest unpublished row: how far the relay lags (0 when none).
    lag_seconds: float


class SqlaOutboxBacklog:
    """Measures what the relay has not published yet (a metric)."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def measure(self) -> OutboxBacklog:
        """Raises DataMapperError when the database fails."""
        query = select(func.count(), func.min(OutboxMessageModel.created_at)).where(
            OutboxMessageModel.published_at.is_(None)
        )
        try:
            async with self._session_factory() as session:
                count, oldest = (await session.execute(query)).one()
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
        if oldest is None:
            return OutboxBacklog(unpublished=count, lag_seconds=0.0)
        lag = (datetime.now(UTC) - oldest).total_seconds()
        return OutboxBacklog(unpublished=count, lag_seconds=max(lag, 0.0))
