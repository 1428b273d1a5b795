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
from typing import Annotated, Any

import typer
from dishka import Provider

from app.infrastructure.messaging.message_consumers import MessageConsumers
from app.infrastructure.messaging.outbox_relay import OutboxRelay
from app.infrastructure.messaging.rabbitmq_subscriber import RabbitMqSubscriber
from setup.config import Settings
from setup.ioc.activation import setting_is_set
from setup.ioc.registry import make_container
from setup.jobs import periodic_jobs
from setup.logs import configure_logging
from setup.messaging.background import running
from setup.messaging.periodic_job import run_periodically
from setup.messaging.subscription import Subscription
from setup.startup.database import prepare_on_startup
from setup.startup.failures import exit_with, start_or_exit
from setup.subscriptions import SUBSCRIPTIONS
from setup.telemetry.sdk import telemetry_from
from setup.telemetry.wiring import telemetry_providers

logger = logging.getLogger(__name__)

NOT_CONFIGURED = (
    "AMQP_URL is not set: the app hands events to their handlers in process, "
    "so no worker is needed"
)


def main(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of a failed start.")
    ] = False,
) -> None:
    """Consume the subscriptions' events from RabbitMQ until stopped."""
    settings = start_or_exit(_needs_a_broker, debug=debug)
    try:
        prepare_on_startup(settings)
    except Exception as err:
        exit_with(err, settings, debug=debug)
    configure_logging(settings)
    asyncio.run(_run_until_signalled(settings))


def _needs_a_broker(settings: Settings) -> None:
    if not setting_is_set(settings, "AMQP_URL"):
        typer.echo(f"error: {NOT_CONFIGURED}", err=True)
        raise SystemExit(2)


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
    telemetry = telemetry_from(settings)
    container = make_container(
        settings,
        subscriptions=subscriptions,
        providers=[*providers, *telemetry_providers(telemetry)],
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
        # Stopping: a message being handled is cancelled unacknowledged, so
        # the broker delivers it again later, and so is a periodic job's run
        # (it runs again at the next start); then the relay finishes its
        # batch.
        async with (
            running(relay.run(), stopping=[relay.stop]),
            running(*(s.run() for s in subscribers), *jobs),
        ):
            logger.info(
                "worker consuming %s",
                ", ".join(s.queue_name for s in subscribers) or "nothing",
            )
            await stop.wait()
    finally:
        await container.close()
        telemetry.shutdown()


if __name__ == "__main__":
    typer.run(main)
