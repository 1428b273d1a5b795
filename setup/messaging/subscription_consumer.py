import logging
from typing import Generic, TypeVar

from dishka import AsyncContainer

from app.application.ports.transaction_manager import TransactionManager
from app.domain.events.domain_event import DomainEvent
from app.infrastructure.messaging.event_payloads import decode_event
from app.infrastructure.messaging.incoming_message import IncomingMessage
from app.infrastructure.messaging.message_consumer import MessageConsumer
from app.infrastructure.messaging.sqla_processed_messages import (
    SqlaProcessedMessages,
)
from setup.messaging.subscription import Subscription

logger = logging.getLogger(__name__)

E = TypeVar("E", bound=DomainEvent)


class SubscriptionConsumer(MessageConsumer, Generic[E]):
    """A subscription as a MessageConsumer: each message is decoded into the
    subscription's event and handed to its handler, resolved from the
    container in a request scope of its own (a unit of work per message).

    The message is recorded in processed_messages in that same unit of work,
    so it commits with the handler's changes or not at all: a redelivered
    message finds the record and is skipped, with no second effect.
    """

    def __init__(
        self, container: AsyncContainer, subscription: Subscription[E]
    ) -> None:
        self._container = container
        self._subscription = subscription

    @property
    def name(self) -> str:
        return self._subscription.consumer

    @property
    def topic(self) -> str:
        return self._subscription.event.topic

    async def consume(self, message: IncomingMessage) -> None:
        event = decode_event(self._subscription.event, message.payload)
        async with self._container() as scope:
            processed = await scope.get(SqlaProcessedMessages)
            if not await processed.record(self.name, message.message_id):
                logger.info(
                    "%s: message %s handled before; skipped",
                    self.name,
                    message.message_id,
                )
                return
            handler = await scope.get(self._subscription.handler)
            await handler.execute(event)
            # Commits the record when the handler had nothing to commit; after
            # its commit, the record went with it and this one is empty.
            transaction = await scope.get(TransactionManager)
            await transaction.commit()
