import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from app.application.ports.message_publisher import MessagePublisher
from app.infrastructure.exceptions import (
    DataMapperError,
    PublishError,
    logged_as_outage,
)
from app.infrastructure.messaging.backoff import Backoff
from app.infrastructure.messaging.outbox_wakeup import OutboxWakeup
from app.infrastructure.messaging.sqla_outbox_batches import SqlaOutboxBatches

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OutboxRelayConfig:
    # Rows left by a crash, or committed by another process, are found by
    # polling this often; the process's own commits wake the relay at once.
    poll_interval_seconds: float = 1.0
    batch_size: int = 100
    # Relays run side by side, each claiming its own batch (FOR UPDATE SKIP
    # LOCKED): only where the database supports it (not SQLite).
    relays: int = 1
    # Waits after failures in a row (the broker or the database away).
    backoff: Backoff = field(default_factory=Backoff)


class OutboxRelay:
    """Publishes outbox rows after their commit, through the bound
    MessagePublisher (RabbitMQ, or the in-process bus), oldest first, each
    with its row id as message id; a row is marked published once the
    publisher has taken it.

    It runs as a background task of the app (and of the worker), as
    ``config.relays`` loops that each claim their own batch: woken by
    OutboxWakeup after a commit that stored rows, and every poll interval.
    A batch is published at once: every message of it is handed to the
    publisher before the first confirm is awaited, so a batch costs about
    one round trip to the broker, not one per message (publishers keep the
    order they are called in).
    When publishing fails (PublishError) or the database does, the rows stay
    unpublished; the relay logs, waits (doubling, capped) and tries again, so
    nothing is lost while the broker is away. A row published whose marking
    was lost is published again: consumers drop the duplicate by its id.
    """

    def __init__(
        self,
        batches: SqlaOutboxBatches,
        publisher: MessagePublisher,
        wakeup: OutboxWakeup,
        config: OutboxRelayConfig,
    ) -> None:
        self._batches = batches
        self._publisher = publisher
        self._wakeup = wakeup
        self._config = config
        self._stop = asyncio.Event()
        # Failed batches since the process started (a metric).
        self.failures_total = 0

    async def run(self) -> None:
        """Relays until stop() is called (then returns once the batches in
        hand are published and marked) or until cancelled."""
        await asyncio.gather(*(self._relay() for _ in range(self._config.relays)))

    async def _relay(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                relayed = await self.relay_batch()
            except Exception as err:
                failures += 1
                self.failures_total += 1
                delay = self._config.backoff.delay(failures)
                self._log_failure(err, failures, delay)
                await self._pause(delay)
                continue
            if failures:
                logger.info("outbox relay recovered after %d failures", failures)
                failures = 0
            # A full batch means more may be waiting: go on at once. A stop
            # asked for while this relay published is not waited through.
            if relayed < self._config.batch_size and not self._stop.is_set():
                await self._wakeup.wait(self._config.poll_interval_seconds)

    def stop(self) -> None:
        """Asks run() to return after the batches in hand (a graceful stop:
        no row is published without being marked)."""
        self._stop.set()
        # Every loop, not one: each must see the stop.
        self._wakeup.wake_all()

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._stop.wait()

    async def relay_batch(self) -> int:
        """Publishes one batch of unpublished rows; how many it claimed.
        Raises PublishError or DataMapperError; the rows published before the
        failure are marked all the same."""
        async with self._batches.claim(self._config.batch_size) as batch:
            outcomes = await asyncio.gather(
                *(
                    self._publisher.publish(
                        message.topic, message.payload, message_id=str(message.id)
                    )
                    for message in batch.messages
                ),
                return_exceptions=True,
            )
            failures = []
            for message, outcome in zip(batch.messages, outcomes, strict=True):
                if isinstance(outcome, BaseException):
                    failures.append(outcome)
                else:
                    batch.published(message)
            if failures:
                # The others are marked published as the block exits.
                raise failures[0]
        return len(batch.messages)

    def _log_failure(self, err: Exception, failures: int, delay: float) -> None:
        if isinstance(err, PublishError | DataMapperError):
            # Expected while a service is away: one line, the cause named
            # (at DEBUG when the outage is in the log already).
            logger.log(
                logging.DEBUG if logged_as_outage(err) else logging.WARNING,
                "outbox relay: %s (%r); %d failure(s) in a row, retrying in %.2f s",
                err,
                err.__cause__,
                failures,
                delay,
            )
        else:
            logger.error(
                "outbox relay failed; %d failure(s) in a row, retrying in %.2f s",
                failures,
                delay,
                exc_info=err,
            )
