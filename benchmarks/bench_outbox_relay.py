"""How fast the outbox relay empties a backlog into RabbitMQ: N committed
outbox rows on PostgreSQL, published by OutboxRelay.run() to an exchange of
the benchmark's own (a queue bound to it, so the broker persists and
confirms each message), timed until every row is marked published.

    .venv/bin/python benchmarks/bench_outbox_relay.py [--rows 2000] [--relays 1 2 4]

Needs the PostgreSQL and RabbitMQ of TEST_POSTGRES_URL and
TEST_RABBITMQ_URL; it makes a database and an exchange of its own and
removes them after.
"""

import argparse
import asyncio
import itertools
import sys
import time
from pathlib import Path
from uuid import UUID, uuid4

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "src")]

import aio_pika  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker  # noqa: E402

from app.domain.events.user_registered import UserRegistered  # noqa: E402
from app.domain.value_objects.ids import UserId  # noqa: E402
from app.infrastructure.adapters.rabbitmq_message_publisher import (  # noqa: E402
    RabbitMqMessagePublisher,
)
from app.infrastructure.adapters.sqla_event_outbox import SqlaEventOutbox  # noqa: E402
from app.infrastructure.messaging.outbox_relay import (  # noqa: E402
    OutboxRelay,
    OutboxRelayConfig,
)
from app.infrastructure.messaging.outbox_wakeup import OutboxWakeup  # noqa: E402
from app.infrastructure.messaging.sqla_outbox_batches import (  # noqa: E402
    SqlaOutboxBatches,
)
from app.infrastructure.persistence.database import (  # noqa: E402
    DatabaseConfig,
    create_engine,
    create_session_factory,
)
from app.infrastructure.persistence.models.outbox_message import (  # noqa: E402
    OutboxMessageModel,
)
from app.infrastructure.rabbitmq_connector import (  # noqa: E402
    RabbitMqConfig,
    RabbitMqConnector,
)
from benchmarks.timing import format_table, machine_summary  # noqa: E402
from setup.messaging.background import running  # noqa: E402
from tests.support.backing_services import RABBITMQ_URL  # noqa: E402
from tests.support.databases import (  # noqa: E402
    create_postgres_database,
    drop_postgres_database,
    empty_all_tables,
    migrate,
)


async def time_relays(database_url: str, rows: int, relays: int) -> float:
    """Seconds the relays take to publish ``rows`` committed rows."""
    engine = create_engine(DatabaseConfig(url=database_url))
    sessions = create_session_factory(engine)
    exchange = f"bench-relay-{uuid4().hex}"
    connector = RabbitMqConnector(RabbitMqConfig(url=RABBITMQ_URL, exchange=exchange))
    broker = await aio_pika.connect(RABBITMQ_URL)
    try:
        channel = await broker.channel()
        declared = await channel.declare_exchange(
            exchange, aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(f"{exchange}.all", durable=True)
        await queue.bind(declared, routing_key="#")
        async with sessions() as session:
            outbox = SqlaEventOutbox(session, OutboxWakeup())
            for number in range(rows):
                event = UserRegistered(
                    UserId(UUID(int=number)), f"u{number}@example.com"
                )
                await outbox.add(event)
            await session.commit()
        relay = OutboxRelay(
            SqlaOutboxBatches(sessions),
            RabbitMqMessagePublisher(connector),
            OutboxWakeup(),
            OutboxRelayConfig(poll_interval_seconds=0.01, relays=relays),
        )
        started = time.perf_counter()
        async with running(relay.run()):
            await all_published(sessions)
        took = time.perf_counter() - started
        await queue.delete(if_unused=False, if_empty=False)
        await channel.exchange_delete(exchange)
        return took
    finally:
        await broker.close()
        await connector.close()
        await engine.dispose()
        await empty_all_tables(database_url)


async def all_published(sessions: async_sessionmaker[AsyncSession]) -> None:
    query = select(func.count()).where(OutboxMessageModel.published_at.is_(None))
    for _ in itertools.count():
        async with sessions() as session:
            if await session.scalar(query) == 0:
                return
        await asyncio.sleep(0.01)


async def main(rows: int, relays: list[int]) -> None:
    database_url = await create_postgres_database()
    table = []
    try:
        await migrate(database_url)
        for count in relays:
            seconds = await time_relays(database_url, rows, count)
            table.append([str(count), f"{seconds:.2f}", f"{rows / seconds:.0f}"])
    finally:
        await drop_postgres_database(database_url)
    print(machine_summary())
    print(f"{rows} outbox rows published to RabbitMQ (persistent, confirmed)")
    print(format_table(["relays", "seconds", "messages/s"], table))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--relays", type=int, nargs="+", default=[1, 2, 4])
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rows, arguments.relays))
