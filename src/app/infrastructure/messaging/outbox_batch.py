from app.infrastructure.messaging.outbox_message import OutboxMessage


class OutboxBatch:
    """Outbox messages claimed for publishing, oldest first; the relay notes
    each one published as it goes."""

    def __init__(self, messages: list[OutboxMessage]) -> None:
        self.messages = messages
        self.published_ids: list[int] = []

    def published(self, message: OutboxMessage) -> None:
        self.published_ids.append(message.id)
