import asyncio
import json
import logging

from aio_pika.abc import AbstractConnection, AbstractIncomingMessage, AbstractQueue
from aio_pika.exceptions import AMQPException, ChannelInvalidStateError

from app.infrastructure.messaging.incoming_message import IncomingMessage
from app.infrastructure.messaging.message_consumer import MessageConsumer
from app.infrastructure.messaging.redeliveries import Redeliveries, RedeliveryConfig
from app.infrastructure.rabbitmq_connector import (
    RabbitMqConfig,
    declare_exchange,
    open_connection,
)

logger = logging.getLogger(__name__)

BROKER_ERRORS = (AMQPException, ChannelInvalidStateError, OSError, TimeoutError)


class RabbitMqSubscriber:
    """Feeds one MessageConsumer from RabbitMQ, until cancelled.

    The consumer has a durable queue of its own, ``<exchange>.<consumer
    name>``, bound to the exchange with its topic as routing key: messages
    published while it is away wait there. Messages are taken one at a time
    (prefetch 1, so in order) and acknowledged after the consumer handled
    them, which includes its commit. A message the consumer fails on is
    requeued after a backoff, or rejected (dropped, logged at ERROR with its
    body) once Redeliveries gives it up; a message that is not a JSON object
    with a message id is rejected at once. A lost connection (broker
    restart) is opened again after a backoff; what was not acknowledged is
    delivered again, and the consumer drops what it already handled.
    """

    def __init__(
        self,
        config: RabbitMqConfig,
        consumer: MessageConsumer,
        redelivery: RedeliveryConfig,
    ) -> None:
        self._config = config
        self._consumer = consumer
        self._redelivery = redelivery
        self._redeliveries = Redeliveries(redelivery)

    @property
    def queue_name(self) -> str:
        return f"{self._config.exchange}.{self._consumer.name}"

    async def run(self) -> None:
        failures = 0
        while True:
            lost: BaseException | None = None
            try:
                async with await open_connection(self._config) as connection:
                    queue = await self._declare(connection)
                    if failures:
                        logger.info("%s: consuming again", self.queue_name)
                    failures = 0
                    # Returns when the connection is lost.
                    await self._consume(queue)
            except BROKER_ERRORS as err:
                lost = err
            failures += 1
            await self._wait_after(lost, failures)

    async def _declare(self, connection: AbstractConnection) -> AbstractQueue:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=1)
        exchange = await declare_exchange(channel, self._config)
        queue = await channel.declare_queue(self.queue_name, durable=True)
        await queue.bind(exchange, routing_key=self._consumer.topic)
        return queue

    async def _consume(self, queue: AbstractQueue) -> None:
        async with queue.iterator() as messages:
            async for delivery in messages:
                await self._handle(delivery)

    async def _handle(self, delivery: AbstractIncomingMessage) -> None:
        message = _incoming(delivery)
        if message is None:
            logger.error(
                "%s: rejected a message without a message id or a JSON object body: %r",
                self.queue_name,
                delivery.body[:1000],
            )
            await delivery.reject(requeue=False)
            return
        key = message.message_id
        try:
            await self._consumer.consume(message)
        except Exception as err:
            delay = self._redeliveries.failed(key, err)
            if delay is None:
                logger.error(
                    "%s: gives up message %s after %d deliveries: %r",
                    self.queue_name,
                    key,
                    self._redelivery.max_attempts,
                    delivery.body[:1000],
                    exc_info=err,
                )
                await delivery.reject(requeue=False)
                return
            logger.warning(
                "%s: message %s failed (%r); requeued in %.2f s",
                self.queue_name,
                key,
                err,
                delay,
            )
            # Held meanwhile (prefetch 1): the queue waits rather than spin.
            await asyncio.sleep(delay)
            await delivery.nack(requeue=True)
            return
        self._redeliveries.succeeded(key)
        await delivery.ack()

    async def _wait_after(self, err: BaseException | None, failures: int) -> None:
        delay = self._redelivery.backoff.delay(failures)
        logger.warning(
            "%s: broker unreachable (%r); connecting again in %.2f s",
            self.queue_name,
            err,
            delay,
        )
        await asyncio.sleep(delay)


def _incoming(delivery: AbstractIncomingMessage) -> IncomingMessage | None:
    """The message, or None when it cannot be consumed."""
    try:
        payload = json.loads(delivery.body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return None
    if not isinstance(payload, dict) or not delivery.message_id:
        return None
    return IncomingMessage(delivery.routing_key or "", delivery.message_id, payload)
