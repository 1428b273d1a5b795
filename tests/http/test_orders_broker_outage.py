"""The broker goes away while users place orders, and comes back: every
OrderPlaced arrives, and each order is fulfilled exactly once. On both
database engines.

The app and the worker (`run_worker`, with the reference subscriptions:
FulfilOrder) reach RabbitMQ through a loopback TCP proxy the test cuts.
While it is cut, orders are still placed and paid (201): their OrderPlaced
waits in the outbox and the relays retry. Once it is back, the worker
fulfils every order; a message delivered again has no second effect.
"""

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import aio_pika
import pytest
from httpx import AsyncClient

from app.domain.events.order_placed import OrderPlaced
from setup.config import Settings
from setup.worker import run_worker
from tests.http.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.http.test_orders import create_product, place, wait_for_status
from tests.support.backing_services import (
    queue_exists,
    rabbitmq_or_skip,
    rabbitmq_url_through,
)
from tests.support.outbox import outbox_rows, processed_rows, relay_warnings
from tests.support.polling import eventually
from tests.support.settings import settings_for
from tests.support.tcp_proxy import TcpProxy

CONSUMER = "fulfil-order"
ORDERS_WHILE_AWAY = 4


@pytest.fixture
def settings(database_url: str, tmp_path: Path, broker_proxy: TcpProxy) -> Settings:
    return settings_for(
        database_url,
        initial_admin_email=ADMIN_EMAIL,
        initial_admin_password=ADMIN_PASSWORD,
        file_storage_root=tmp_path / "files",
        amqp_url=rabbitmq_url_through(broker_proxy),
        rabbitmq_exchange=f"orders-outage-test-{uuid4().hex}",
        outbox_poll_interval_seconds=0.05,
        messaging_retry_initial_seconds=0.05,
        messaging_retry_max_seconds=0.2,
    )


@pytest.fixture
async def worker(settings: Settings) -> AsyncIterator[None]:
    """The worker process's work, as a task: relay and FulfilOrder."""
    stop = asyncio.Event()
    task = asyncio.create_task(run_worker(settings, stop))
    async with rabbitmq_or_skip() as direct:
        queue = f"{settings.rabbitmq_exchange}.{CONSUMER}"
        try:
            await eventually(lambda: queue_exists(direct, queue))
            yield
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)
            cleanup = await direct.channel()
            await cleanup.queue_delete(queue)
            await cleanup.exchange_delete(settings.rabbitmq_exchange)


async def test_orders_placed_while_the_broker_is_away_are_all_fulfilled_once(
    settings: Settings,
    broker_proxy: TcpProxy,
    worker: None,
    admin: AsyncClient,
    user: AsyncClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="setup.messaging.subscription_consumer")
    anvil = await create_product(admin, "Anvil", "10.00")
    line = [{"product_id": anvil, "quantity": 1}]
    first = (await place(user, "before", line)).json()["id"]
    await wait_for_status(user, first, "fulfilled")

    await broker_proxy.cut()
    failures = len(relay_warnings(caplog))
    away = []
    for number in range(ORDERS_WHILE_AWAY):
        placed = await place(user, f"away-{number}", line)
        assert placed.status_code == 201, placed.text
        away.append(placed.json()["id"])
    await eventually(lambda: len(relay_warnings(caplog)) >= failures + 3)
    for order_id in away:
        assert (await user.get(f"/api/v1/orders/{order_id}")).json()["status"] == "paid"

    await broker_proxy.start()
    for order_id in away:
        await wait_for_status(user, order_id, "fulfilled")

    # One OrderPlaced again, as a broker redelivers after a lost ack.
    placed_rows = [
        row
        for row in await outbox_rows(settings.database_url)
        if row.topic == OrderPlaced.topic
    ]
    assert len(placed_rows) == 1 + ORDERS_WHILE_AWAY
    again = placed_rows[-1]
    async with rabbitmq_or_skip() as direct:
        channel = await direct.channel()
        exchange = await channel.get_exchange(settings.rabbitmq_exchange)
        await exchange.publish(
            aio_pika.Message(
                json.dumps(again.payload).encode(), message_id=str(again.id)
            ),
            routing_key=again.topic,
        )
    await eventually(
        lambda: any(
            f"message {again.id} handled before" in r.getMessage()
            for r in caplog.records
        )
    )

    processed = await processed_rows(settings.database_url)
    fulfilled = sorted(p.message_id for p in processed if p.consumer == CONSUMER)
    assert fulfilled == sorted(str(row.id) for row in placed_rows)
    assert all(row.published_at for row in await outbox_rows(settings.database_url))
