"""OutboxRelay on both engines: it publishes committed outbox rows in order
with their row id as message id, marks them published, is woken by the
commit, and keeps the rows while publishing fails. To a real RabbitMQ
exchange of the test's own, and through the in-memory publisher where the
broker is not the point."""

import asyncio
from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import aio_pika
import pytest

from app.domain.events.user_registered import UserRegistered
from app.domain.value_objects.ids import UserId
from app.infrastructure.adapters.rabbitmq_message_publisher import (
    RabbitMqMessagePublisher,
)
from app.infrastructure.adapters.sqla_event_outbox import SqlaEventOutbox
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from app.infrastructure.exceptions import PublishError
from app.infrastructure.messaging.backoff import Backoff
from app.infrastructure.messaging.outbox_relay import OutboxRelay, OutboxRelayConfig
from app.infrastructure.messaging.outbox_wakeup import OutboxWakeup
from app.infrastructure.messaging.sqla_outbox_batches import SqlaOutboxBatches
from app.infrastructure.persistence.database import (
    DatabaseConfig,
    create_engine,
    create_session_factory,
)
from app.infrastructure.rabbitmq_connector import RabbitMqConfig, RabbitMqConnector
from setup.messaging.background import running
from tests.integration.factories import SessionFactory
from tests.support.backing_services import RABBITMQ_URL, rabbitmq_or_skip
from tests.support.databases import empty_all_tables
from tests.support.doubles.in_memory_message_publisher import (
    InMemoryMessagePublisher,
)
from tests.support.outbox import all_published, outbox_rows
from tests.support.polling import eventually

FAST = OutboxRelayConfig(
    poll_interval_seconds=0.05,
    batch_size=2,
    backoff=Backoff(initial_seconds=0.02, max_seconds=0.1),
)


def registered(number: int) -> UserRegistered:
    return UserRegistered(
        user_id=UserId(UUID(int=number)), email=f"user{number}@example.com"
    )


async def record(
    session_factory: SessionFactory, wakeup: OutboxWakeup, *numbers: int
) -> None:
    """Commits a UserRegistered per number through the outbox."""
    async with session_factory() as session:
        outbox = SqlaEventOutbox(session, wakeup)
        for number in numbers:
            await outbox.add(registered(number))
        await SqlaTransaction(session).commit()


class FailingAfter(InMemoryMessagePublisher):
    """Takes ``good`` messages, then fails every publish."""

    def __init__(self, good: int) -> None:
        super().__init__()
        self._good = good

    async def publish(
        self, topic: str, payload: dict[str, object], message_id: str | None = None
    ) -> None:
        if len(self.published) >= self._good:
            raise PublishError("the broker went away")
        await super().publish(topic, payload, message_id)


@pytest.fixture
async def exchange() -> AsyncIterator[tuple[str, aio_pika.abc.AbstractQueue]]:
    """An exchange of the test's own and a queue bound to user.registered."""
    name = f"relay-test-{uuid4().hex}"
    async with rabbitmq_or_skip() as connection:
        channel = await connection.channel()
        declared = await channel.declare_exchange(
            name, aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(declared, routing_key="user.registered")
        try:
            yield name, queue
        finally:
            await queue.delete(if_unused=False, if_empty=False)
            await channel.exchange_delete(name)


async def test_committed_rows_reach_a_rabbitmq_queue_with_their_row_ids(
    session_factory: SessionFactory,
    database_url: str,
    exchange: tuple[str, aio_pika.abc.AbstractQueue],
) -> None:
    name, queue = exchange
    connector = RabbitMqConnector(RabbitMqConfig(url=RABBITMQ_URL, exchange=name))
    wakeup = OutboxWakeup()
    relay = OutboxRelay(
        SqlaOutboxBatches(session_factory),
        RabbitMqMessagePublisher(connector),
        wakeup,
        FAST,
    )
    await record(session_factory, wakeup, 1, 2, 3)

    try:
        assert await relay.relay_batch() == 2
        assert await relay.relay_batch() == 1
        assert await relay.relay_batch() == 0
    finally:
        await connector.close()

    received = []
    while (message := await queue.get(no_ack=True, fail=False)) is not None:
        received.append(message)
    stored = await outbox_rows(database_url)
    assert [m.message_id for m in received] == [str(row.id) for row in stored]
    assert [m.routing_key for m in received] == ["user.registered"] * 3
    assert [m.body for m in received] == [
        (f'{{"user_id": "{UUID(int=n)}", "email": "user{n}@example.com"}}').encode()
        for n in (1, 2, 3)
    ]
    assert all(row.published_at is not None for row in stored)


async def test_a_commit_wakes_the_relay_long_before_its_poll(
    session_factory: SessionFactory,
    database_url: str,
) -> None:
    publisher = InMemoryMessagePublisher()
    wakeup = OutboxWakeup()
    config = OutboxRelayConfig(poll_interval_seconds=3600, backoff=FAST.backoff)
    relay = OutboxRelay(SqlaOutboxBatches(session_factory), publisher, wakeup, config)

    async with running(relay.run()):
        await asyncio.sleep(0.05)  # the relay found nothing and sleeps
        await record(session_factory, wakeup, 1)
        await eventually(lambda: len(publisher.published) == 1, within=2)

    [row] = await outbox_rows(database_url)
    assert publisher.published[0].message_id == str(row.id)


async def test_rows_left_by_another_process_are_found_by_polling(
    session_factory: SessionFactory,
) -> None:
    publisher = InMemoryMessagePublisher()
    relay = OutboxRelay(
        SqlaOutboxBatches(session_factory), publisher, OutboxWakeup(), FAST
    )

    async with running(relay.run()):
        # Another wakeup: this relay is not told.
        await record(session_factory, OutboxWakeup(), 1)
        await eventually(lambda: len(publisher.published) == 1)


async def test_while_publishing_fails_rows_are_kept_and_go_out_in_order_after(
    session_factory: SessionFactory, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    publisher = InMemoryMessagePublisher()
    publisher.failure = PublishError("the broker is away")
    wakeup = OutboxWakeup()
    relay = OutboxRelay(SqlaOutboxBatches(session_factory), publisher, wakeup, FAST)

    async with running(relay.run()):
        await record(session_factory, wakeup, 1, 2, 3)
        await eventually(
            lambda: sum("retrying" in r.getMessage() for r in caplog.records) >= 3
        )
        assert all(row.published_at is None for row in await outbox_rows(database_url))

        publisher.failure = None
        await eventually(lambda: all_published(database_url))

    assert [m.payload for m in publisher.published] == [
        {"user_id": str(UUID(int=n)), "email": f"user{n}@example.com"}
        for n in (1, 2, 3)
    ]


async def test_rows_published_before_a_failure_stay_published(
    session_factory: SessionFactory,
    database_url: str,
) -> None:
    publisher = FailingAfter(good=1)
    wakeup = OutboxWakeup()
    relay = OutboxRelay(SqlaOutboxBatches(session_factory), publisher, wakeup, FAST)
    await record(session_factory, wakeup, 1, 2)

    with pytest.raises(PublishError):
        await relay.relay_batch()

    assert [
        row.published_at is not None for row in await outbox_rows(database_url)
    ] == [
        True,
        False,
    ]


@pytest.mark.postgres
async def test_two_claims_at_once_get_different_rows_on_postgresql(
    postgres_url: str,
) -> None:
    engine = create_engine(DatabaseConfig(url=postgres_url))
    session_factory = create_session_factory(engine)
    batches = SqlaOutboxBatches(session_factory)
    try:
        await record(session_factory, OutboxWakeup(), 1, 2, 3)

        async with batches.claim(2) as first, batches.claim(2) as second:
            claimed = [m.id for m in first.messages], [m.id for m in second.messages]

        stored = [row.id for row in await outbox_rows(postgres_url)]
        assert claimed == (stored[:2], stored[2:])
    finally:
        await engine.dispose()
        await empty_all_tables(postgres_url)


class Confirming(InMemoryMessagePublisher):
    """Takes each message after a broker's confirm time, counting how many
    wait for their confirm at once."""

    def __init__(self, confirm_seconds: float = 0.005) -> None:
        super().__init__()
        self._confirm_seconds = confirm_seconds
        self.in_flight = 0
        self.most_in_flight = 0

    async def publish(
        self, topic: str, payload: dict[str, object], message_id: str | None = None
    ) -> None:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self._confirm_seconds)
            await super().publish(topic, payload, message_id)
        finally:
            self.in_flight -= 1


async def test_a_batch_is_published_at_once_not_one_confirm_after_another(
    session_factory: SessionFactory, database_url: str
) -> None:
    publisher = Confirming()
    config = OutboxRelayConfig(batch_size=10)
    relay = OutboxRelay(
        SqlaOutboxBatches(session_factory), publisher, OutboxWakeup(), config
    )
    await record(session_factory, OutboxWakeup(), *range(1, 13))

    assert await relay.relay_batch() == 10
    assert await relay.relay_batch() == 2

    assert publisher.most_in_flight == 10
    stored = [str(row.id) for row in await outbox_rows(database_url)]
    assert [m.message_id for m in publisher.published] == stored
    assert await all_published(database_url)


@pytest.mark.postgres
async def test_relays_side_by_side_never_publish_a_row_twice(
    postgres_url: str,
) -> None:
    engine = create_engine(DatabaseConfig(url=postgres_url))
    session_factory = create_session_factory(engine)
    publisher = Confirming()
    config = OutboxRelayConfig(
        poll_interval_seconds=0.01, batch_size=5, relays=4, backoff=FAST.backoff
    )
    relay = OutboxRelay(
        SqlaOutboxBatches(session_factory), publisher, OutboxWakeup(), config
    )
    try:
        for first in range(0, 200, 20):
            await record(session_factory, OutboxWakeup(), *range(first, first + 20))
        async with running(relay.run()):
            await eventually(lambda: all_published(postgres_url))

        published = [m.message_id for m in publisher.published]
        stored = [str(row.id) for row in await outbox_rows(postgres_url)]
        assert sorted(published) == sorted(stored)
        assert len(stored) == 200
        # Side by side: batches were in flight together.
        assert publisher.most_in_flight > config.batch_size
    finally:
        await engine.dispose()
        await empty_all_tables(postgres_url)
