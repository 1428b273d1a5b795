"""The rows of the transactional outbox and of the consumers' records, as a
fresh session on the database sees them, and the relay's failures as logged."""

import logging

import pytest
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


RELAY_LOGGER = "app.infrastructure.messaging.outbox_relay"


def relay_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """The relay's warnings so far: one per failed attempt to publish."""
    return [
        r
        for r in caplog.records
        if r.name == RELAY_LOGGER and r.levelno == logging.WARNING
    ]
