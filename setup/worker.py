"""The event consumer: ``python -m setup.worker``.

With AMQP_URL set, it consumes the events of setup/subscriptions.py from
RabbitMQ, one durable queue per subscription, until SIGINT or SIGTERM. It
builds the app's container from the same settings, and runs the outbox
relay too, so events the handlers record go out at once, and the periodic
jobs of setup/jobs.py. Without AMQP_URL
there is nothing for it to do: the app hands events to the handlers in
process.
"""

import asyncio
import logging
import signal
from collections.abc import Sequence
from typing import Any

import typer
from dishka import Provider

from app.infrastructure.messaging.message_consumers import MessageConsumers
from app.infrastructure.messaging.outbox_relay import OutboxRelay
from app.infrastructure.messaging.rabbitmq_subscriber import RabbitMqSubscriber
from setup.config import Settings
from setup.ioc.activation import setting_is_set
from setup.ioc.registry import make_container
from setup.jobs import periodic_jobs
from setup.messaging.background import running
from setup.messaging.periodic_job import run_periodically
from setup.messaging.subscription import Subscription
from setup.migrations import upgrade_to_head
from setup.subscriptions import SUBSCRIPTIONS

logger = logging.getLogger(__name__)

NOT_CONFIGURED = (
    "AMQP_URL is not set: the app hands events to their handlers in process, "
    "so no worker is needed"
)


def main() -> None:
    """Consume the subscriptions' events from RabbitMQ until stopped."""
    settings = Settings()
    if not setting_is_set(settings, "AMQP_URL"):
        typer.echo(f"error: {NOT_CONFIGURED}", err=True)
        raise typer.Exit(2)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if settings.run_migrations_on_startup:
        upgrade_to_head(settings.database_url)
    asyncio.run(_run_until_signalled(settings))


async def _run_until_signalled(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    await run_worker(settings, stop)
    logger.info("worker stopped")


async def run_worker(
    settings: Settings,
    stop: asyncio.Event,
    *,
    subscriptions: Sequence[Subscription[Any]] = SUBSCRIPTIONS,
    providers: Sequence[Provider] = (),
) -> None:
    """Relays the outbox and consumes every subscription until ``stop`` is
    set; then finishes (a message being handled is delivered again later)."""
    container = make_container(
        settings, subscriptions=subscriptions, providers=providers
    )
    try:
        relay = await container.get(OutboxRelay)
        consumers = await container.get(MessageConsumers)
        if not len(consumers):
            logger.warning("no subscriptions in setup/subscriptions.py: relaying only")
        subscribers = [
            RabbitMqSubscriber(settings.rabbitmq(), consumer, settings.redelivery())
            for consumer in consumers
        ]
        jobs = [run_periodically(container, job) for job in periodic_jobs(settings)]
        async with running(relay.run(), *(s.run() for s in subscribers), *jobs):
            logger.info(
                "worker consuming %s",
                ", ".join(s.queue_name for s in subscribers) or "nothing",
            )
            await stop.wait()
    finally:
        await container.close()


if __name__ == "__main__":
    typer.run(main)
