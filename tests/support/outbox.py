"""The rows of the transactional outbox and of the consumers' records, as a
fresh session on the database sees them."""

from sqlalchemy import select

from app.infrastructure.persistence.models.outbox_message import OutboxMessageModel
from app.infrastructure.persistence.models.processed_message import (
    ProcessedMessageModel,
)
from tests.support.databases import open_session


async def outbox_rows(database_url: str) -> list[OutboxMessageModel]:
    """Every outbox_messages row, oldest first."""
    async with open_session(database_url) as session:
        query = select(OutboxMessageModel).order_by(OutboxMessageModel.id)
        return list(await session.scalars(query))


async def all_published(database_url: str) -> bool:
    return all(row.published_at for row in await outbox_rows(database_url))


async def processed_rows(database_url: str) -> list[ProcessedMessageModel]:
    async with open_session(database_url) as session:
        return list(await session.scalars(select(ProcessedMessageModel)))
