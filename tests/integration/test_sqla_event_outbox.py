"""SqlaEventOutbox on both engines: an event is an outbox_messages row of the
same transaction as the change it reports, committed or rolled back with it,
and the commit that stores it wakes the relay."""

from decimal import Decimal
from uuid import UUID

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.events.user_registered import UserRegistered
from app.domain.exceptions import EmailAlreadyRegisteredError
from app.infrastructure.adapters.sqla_event_outbox import SqlaEventOutbox
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from app.infrastructure.adapters.sqla_user_data_mapper import SqlaUserDataMapper
from app.infrastructure.messaging.outbox_wakeup import OutboxWakeup
from tests.integration.factories import SessionFactory, new_user, store_users
from tests.support.events import Deposited
from tests.support.outbox import outbox_rows


async def test_an_event_is_committed_with_the_change_it_reports(
    session: AsyncSession, database_url: str
) -> None:
    user = new_user("alice@example.com")
    wakeup = OutboxWakeup()
    outbox = SqlaEventOutbox(session, wakeup)

    await SqlaUserDataMapper(session).add(user)
    await outbox.add(UserRegistered(user_id=user.id, email="alice@example.com"))
    assert not wakeup.pending
    await SqlaTransaction(session).commit()

    [row] = await outbox_rows(database_url)
    assert row.topic == "user.registered"
    assert row.payload == {"user_id": str(user.id), "email": "alice@example.com"}
    assert row.created_at.tzinfo is not None
    assert row.published_at is None
    assert wakeup.pending


async def test_without_a_commit_the_event_is_dropped_with_the_change(
    session_factory: SessionFactory, database_url: str
) -> None:
    user = new_user()
    wakeup = OutboxWakeup()
    async with session_factory() as session:
        await SqlaUserDataMapper(session).add(user)
        await SqlaEventOutbox(session, wakeup).add(
            UserRegistered(user_id=user.id, email=user.email.value)
        )
        await session.flush()
        await session.rollback()

    assert await outbox_rows(database_url) == []
    assert not wakeup.pending


async def test_a_failed_commit_stores_no_event(
    session: AsyncSession, session_factory: SessionFactory, database_url: str
) -> None:
    await store_users(session_factory, new_user("taken@example.com"))
    duplicate = new_user("taken@example.com")
    wakeup = OutboxWakeup()

    await SqlaUserDataMapper(session).add(duplicate)
    await SqlaEventOutbox(session, wakeup).add(
        UserRegistered(user_id=duplicate.id, email="taken@example.com")
    )
    with pytest.raises(EmailAlreadyRegisteredError):
        await SqlaTransaction(session).commit()

    assert await outbox_rows(database_url) == []
    assert not wakeup.pending


async def test_events_of_one_commit_keep_their_order_and_exact_amounts(
    session: AsyncSession, database_url: str
) -> None:
    user = new_user()
    outbox = SqlaEventOutbox(session, OutboxWakeup())
    totals = ["0.10", "12345678.90", "3"]

    await SqlaUserDataMapper(session).add(user)
    for number, total in enumerate(totals):
        await outbox.add(
            Deposited(
                deposit_id=UUID(int=number),
                user_id=user.id,
                amount=Decimal(total),
            )
        )
    await SqlaTransaction(session).commit()

    rows = await outbox_rows(database_url)
    assert [row.payload["amount"] for row in rows] == totals
    assert [row.payload["deposit_id"] for row in rows] == [
        str(UUID(int=number)) for number in range(3)
    ]
    assert rows[0].id < rows[1].id < rows[2].id
