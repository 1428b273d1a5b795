from collections.abc import Iterable, Iterator

from app.infrastructure.messaging.message_consumer import MessageConsumer


class MessageConsumers:
    """Every consumer of this service, by topic. Names are unique: each one
    has its own queue and its own record of handled messages."""

    def __init__(self, consumers: Iterable[MessageConsumer]) -> None:
        self._consumers = tuple(consumers)
        names = [consumer.name for consumer in self._consumers]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"consumer names must be unique: {duplicates}")

    def __iter__(self) -> Iterator[MessageConsumer]:
        return iter(self._consumers)

    def __len__(self) -> int:
        return len(self._consumers)

    def for_topic(self, topic: str) -> tuple[MessageConsumer, ...]:
        return tuple(c for c in self._consumers if c.topic == topic)
