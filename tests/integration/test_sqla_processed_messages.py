"""SqlaProcessedMessages on both engines: a message is recorded once per
consumer, with the handler's transaction: committed with it, or gone with
its rollback."""

from app.infrastructure.messaging.sqla_processed_messages import (
    SqlaProcessedMessages,
)
from tests.integration.factories import SessionFactory


async def record(session_factory: SessionFactory, consumer: str, message: str) -> bool:
    """Records in a transaction of its own, committed."""
    async with session_factory() as session:
        recorded = await SqlaProcessedMessages(session).record(consumer, message)
        await session.commit()
        return recorded


async def test_a_message_is_recorded_once_per_consumer(
    session_factory: SessionFactory,
) -> None:
    assert await record(session_factory, "send-welcome", "7") is True

    assert await record(session_factory, "send-welcome", "7") is False
    # Another consumer, or another message, is another record.
    assert await record(session_factory, "audit-log", "7") is True
    assert await record(session_factory, "send-welcome", "8") is True


async def test_a_record_rolled_back_with_its_handler_is_gone(
    session_factory: SessionFactory,
) -> None:
    async with session_factory() as session:
        assert await SqlaProcessedMessages(session).record("send-welcome", "7")
        await session.rollback()

    assert await record(session_factory, "send-welcome", "7") is True
