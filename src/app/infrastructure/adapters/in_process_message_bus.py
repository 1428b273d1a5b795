"""MessagePublisher without a broker: this process's consumers get each
message before publish returns."""

import asyncio
import json
import logging
from uuid import uuid4

from app.application.ports.message_publisher import MessagePublisher
from app.infrastructure.exceptions import PublishError
from app.infrastructure.messaging.incoming_message import IncomingMessage
from app.infrastructure.messaging.message_consumers import MessageConsumers
from app.infrastructure.messaging.redeliveries import (
    Redeliveries,
    RedeliveryConfig,
)

logger = logging.getLogger(__name__)


class InProcessMessageBus(MessagePublisher):
    """MessagePublisher that hands each message to the consumers of its topic
    in this process (MessageConsumers): with no broker configured, events
    flow entirely inside the app.

    The message is what a broker's consumer would get: the payload goes
    through JSON (a payload JSON cannot encode raises TypeError or
    ValueError, and no consumer runs) and carries its message_id.

    publish returns once every consumer of the topic has handled it, so the
    outbox row is marked published only then: a crash in between leaves the
    row to be published again (consumers drop the duplicate), where a queue
    in memory would lose it. A consumer failing makes publish raise
    PublishError: the OutboxRelay keeps the row and retries after its
    backoff, and the consumers that succeeded skip the message then. A
    failure that retrying cannot fix is given up after
    RedeliveryConfig.max_attempts deliveries (see Redeliveries): logged at
    ERROR, and publish goes on with the other consumers.

    Messages published at once (the relay's batch) are handled one at a
    time, in the order publish was called, and a message that failed holds
    the others back until it is handled or given up (they raise
    PublishError unhandled meanwhile): as a broker's queue does for its
    consumer with prefetch 1, so events are handled in order.
    """

    def __init__(self, consumers: MessageConsumers, config: RedeliveryConfig) -> None:
        self._consumers = consumers
        self._config = config
        self._redeliveries = Redeliveries(config)
        # Fair: waiters get it in the order publish was called.
        self._one_at_a_time = asyncio.Lock()
        # The message that failed last, to be handled before any other.
        self._failed: str | None = None

    async def publish(
        self, topic: str, payload: dict[str, object], message_id: str | None = None
    ) -> None:
        if not topic:
            raise ValueError("topic is empty")
        body = json.dumps(payload, ensure_ascii=False, allow_nan=False)
        message = IncomingMessage(topic, message_id or uuid4().hex, json.loads(body))
        async with self._one_at_a_time:
            if self._failed not in (None, message.message_id):
                raise PublishError(
                    f"message {self._failed} failed and is handled first"
                )
            await self._deliver(message, body)
            self._failed = None

    async def _deliver(self, message: IncomingMessage, body: str) -> None:
        topic = message.topic
        for consumer in self._consumers.for_topic(topic):
            key = f"{consumer.name}:{message.message_id}"
            try:
                await consumer.consume(message)
            except Exception as err:
                if self._redeliveries.failed(key, err) is not None:
                    self._failed = message.message_id
                    raise PublishError(
                        f"consumer {consumer.name} failed on message "
                        f"{message.message_id}"
                    ) from err
                logger.error(
                    "consumer %s gives up message %s (%s) after %d deliveries: %s",
                    consumer.name,
                    message.message_id,
                    topic,
                    self._config.max_attempts,
                    body,
                    exc_info=err,
                )
                continue
            self._redeliveries.succeeded(key)
