"""The worker (`python -m setup.worker`) against the real RabbitMQ, on both
database engines: it declares a durable queue per subscription, hands each
message to the handler once (a redelivery is skipped), gives up what cannot
be handled, and stops when told. Without AMQP_URL it refuses to start."""

import asyncio
import json
import logging
import os
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import UUID, uuid4

import aio_pika
import pytest
from aio_pika.abc import AbstractConnection, AbstractExchange

from app.domain.events.user_registered import UserRegistered
from app.domain.value_objects.ids import UserId
from setup.config import Settings
from setup.worker import NOT_CONFIGURED, run_worker
from tests.support.backing_services import (
    RABBITMQ_URL,
    queue_exists,
    rabbitmq_or_skip,
)
from tests.support.messaging import (
    CountRegistrationsProvider,
    Registrations,
    count_registrations,
)
from tests.support.polling import eventually
from tests.support.settings import settings_for
from tests.support.warm_python import warm_interpreter

CONSUMER = "count-registrations"


def registered(number: int) -> UserRegistered:
    return UserRegistered(
        user_id=UserId(UUID(int=number)), email=f"user{number}@example.com"
    )


def body(event: UserRegistered) -> bytes:
    return json.dumps({"user_id": str(event.user_id), "email": event.email}).encode()


class Worker:
    def __init__(
        self,
        settings: Settings,
        registrations: Registrations,
        connection: AbstractConnection,
    ) -> None:
        self.settings = settings
        self.registrations = registrations
        self.queue = f"{settings.rabbitmq_exchange}.{CONSUMER}"
        self._connection = connection
        self._exchange: AbstractExchange | None = None

    async def publish(self, content: bytes, message_id: str) -> None:
        if self._exchange is None:
            channel = await self._connection.channel()
            self._exchange = await channel.get_exchange(self.settings.rabbitmq_exchange)
        await self._exchange.publish(
            aio_pika.Message(content, message_id=message_id),
            routing_key="user.registered",
        )


@pytest.fixture
async def worker(database_url: str) -> AsyncIterator[Worker]:
    """A worker running the test's subscription, on an exchange of its own."""
    settings = settings_for(
        database_url,
        amqp_url=RABBITMQ_URL,
        rabbitmq_exchange=f"worker-test-{uuid4().hex}",
        outbox_poll_interval_seconds=0.05,
        messaging_retry_initial_seconds=0.02,
        messaging_retry_max_seconds=0.1,
        consumer_max_attempts=2,
    )
    registrations = Registrations()
    stop = asyncio.Event()
    async with rabbitmq_or_skip() as connection:
        running = Worker(settings, registrations, connection)
        task = asyncio.create_task(
            run_worker(
                settings,
                stop,
                subscriptions=[count_registrations(CONSUMER)],
                providers=[CountRegistrationsProvider(registrations)],
            )
        )
        try:
            await eventually(lambda: queue_exists(connection, running.queue))
            yield running
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)
            channel = await connection.channel()
            await channel.queue_delete(running.queue)
            await channel.exchange_delete(settings.rabbitmq_exchange)


async def test_each_message_reaches_the_handler_once(
    worker: Worker, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="setup.messaging.subscription_consumer")
    await worker.publish(body(registered(1)), "message-1")
    await worker.publish(body(registered(2)), "message-2")
    await worker.registrations.wait_for(2)

    # A redelivery, as after a lost acknowledgement.
    await worker.publish(body(registered(1)), "message-1")
    await eventually(
        lambda: any(
            "message-1 handled before" in r.getMessage() for r in caplog.records
        )
    )

    assert worker.registrations.handled == [registered(1), registered(2)]


async def test_what_cannot_be_handled_is_rejected_and_the_rest_goes_on(
    worker: Worker, caplog: pytest.LogCaptureFixture
) -> None:
    worker.registrations.failures.extend(RuntimeError("bug") for _ in range(2))

    await worker.publish(b"not json", "message-0")
    await worker.publish(b'["a list"]', "message-1")
    await worker.publish(body(registered(2)), "message-2")
    await worker.publish(body(registered(3)), "message-3")
    await worker.registrations.wait_for(1)

    assert worker.registrations.handled == [registered(3)]
    logged = [r.getMessage() for r in caplog.records]
    assert sum("rejected a message without" in m for m in logged) == 2
    assert any("gives up message message-2 after 2 deliveries" in m for m in logged)


def test_without_amqp_url_the_worker_refuses_to_start(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "AMQP_URL"}

    run = subprocess.run(
        [str(warm_interpreter()), "-m", "setup.worker"],
        cwd=tmp_path,  # no .env here
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert run.returncode == 2
    assert NOT_CONFIGURED in run.stderr
