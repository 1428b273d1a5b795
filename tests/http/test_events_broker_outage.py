"""The broker goes away while users sign up, and comes back: every event
arrives, none has a second effect. On both database engines.

The app and the worker reach RabbitMQ through a loopback TCP proxy the test
cuts. While it is cut, sign-ups still answer 201 (their events wait in the
outbox) and the relay fails and retries; once it is restored, the relay
delivers every event and the worker's handler runs once per event. A
redelivered message (as after a lost acknowledgement) is skipped.
"""

import asyncio
import json
import logging
from pathlib import Path
from uuid import uuid4

import aio_pika
import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from setup.app_factory import create_app
from setup.config import Settings
from setup.ioc.activation import setting_is_set
from setup.worker import run_worker
from tests.http.conftest import sign_up
from tests.support.backing_services import (
    queue_exists,
    rabbitmq_or_skip,
    rabbitmq_url_through,
)
from tests.support.messaging import (
    CountRegistrationsProvider,
    Registrations,
    count_registrations,
)
from tests.support.outbox import (
    all_published,
    outbox_rows,
    processed_rows,
    relay_warnings,
)
from tests.support.polling import eventually
from tests.support.settings import settings_for
from tests.support.tcp_proxy import TcpProxy

CONSUMER = "count-registrations"
SIGN_UPS_WHILE_AWAY = 5


@pytest.fixture
def settings(database_url: str, tmp_path: Path, broker_proxy: TcpProxy) -> Settings:
    return settings_for(
        database_url,
        file_storage_root=tmp_path / "files",
        amqp_url=rabbitmq_url_through(broker_proxy),
        rabbitmq_exchange=f"outage-test-{uuid4().hex}",
        outbox_poll_interval_seconds=0.05,
        messaging_retry_initial_seconds=0.05,
        messaging_retry_max_seconds=0.2,
    )


async def test_events_of_sign_ups_while_the_broker_is_away_all_arrive_once(
    settings: Settings, broker_proxy: TcpProxy, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="setup.messaging.subscription_consumer")
    assert setting_is_set(settings, "AMQP_URL")
    registrations = Registrations()
    stop = asyncio.Event()
    worker = asyncio.create_task(
        run_worker(
            settings,
            stop,
            subscriptions=[count_registrations(CONSUMER)],
            providers=[CountRegistrationsProvider(registrations)],
        )
    )
    queue = f"{settings.rabbitmq_exchange}.{CONSUMER}"
    app = create_app(settings)
    transport = ASGITransport(app)
    async with (
        rabbitmq_or_skip() as direct,
        LifespanManager(app),
        AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        try:
            await eventually(lambda: queue_exists(direct, queue))
            await sign_up(client, "before@example.com", "password-123")
            await registrations.wait_for(1)
            # Its broker's confirm may come after the consumer had it.
            await eventually(lambda: all_published(settings.database_url))

            await broker_proxy.cut()
            relay_failures = len(relay_warnings(caplog))
            for number in range(SIGN_UPS_WHILE_AWAY):
                await sign_up(client, f"away{number}@example.com", "password-123")
            await eventually(lambda: len(relay_warnings(caplog)) >= relay_failures + 3)
            waiting = [
                row
                for row in await outbox_rows(settings.database_url)
                if not row.published_at
            ]
            assert len(waiting) == SIGN_UPS_WHILE_AWAY
            assert len(registrations.handled) == 1

            await broker_proxy.start()
            await registrations.wait_for(1 + SIGN_UPS_WHILE_AWAY)

            # The first message again, as a broker redelivers it after an
            # acknowledgement was lost.
            first = (await outbox_rows(settings.database_url))[0]
            channel = await direct.channel()
            exchange = await channel.get_exchange(settings.rabbitmq_exchange)
            await exchange.publish(
                aio_pika.Message(
                    json.dumps(first.payload).encode(), message_id=str(first.id)
                ),
                routing_key=first.topic,
            )
            await eventually(
                lambda: any(
                    f"message {first.id} handled before" in r.getMessage()
                    for r in caplog.records
                )
            )
        finally:
            stop.set()
            await asyncio.wait_for(worker, 10)
            cleanup = await direct.channel()
            await cleanup.queue_delete(queue)
            await cleanup.exchange_delete(settings.rabbitmq_exchange)

    emails = [event.email for event in registrations.handled]
    assert sorted(emails) == sorted(
        ["before@example.com"]
        + [f"away{n}@example.com" for n in range(SIGN_UPS_WHILE_AWAY)]
    )
    outbox = await outbox_rows(settings.database_url)
    assert all(row.published_at for row in outbox)
    processed = await processed_rows(settings.database_url)
    assert sorted(p.message_id for p in processed) == sorted(
        str(row.id) for row in outbox
    )
    assert {p.consumer for p in processed} == {CONSUMER}
