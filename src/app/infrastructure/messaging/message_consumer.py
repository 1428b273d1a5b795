from typing import Protocol

from app.infrastructure.messaging.incoming_message import IncomingMessage


class MessageConsumer(Protocol):
    """Handles the messages of one topic, under a name of its own."""

    @property
    def name(self) -> str:
        """Unique in the service. It names the consumer's RabbitMQ queue and
        the processed_messages rows that remember what it handled."""
        ...

    @property
    def topic(self) -> str:
        """The topic (routing key) whose messages it handles."""
        ...

    async def consume(self, message: IncomingMessage) -> None:
        """Handle ``message``, at most once per message_id: a message handled
        before returns at once. Raises what handling raised (a payload that
        does not decode: ValueError); nothing of the attempt is then
        stored."""
        ...
