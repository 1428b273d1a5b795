import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.application.common.event_handler import EventHandler
from app.domain.events.domain_event import DomainEvent

E = TypeVar("E", bound=DomainEvent)

# It names a RabbitMQ queue ("<exchange>.<consumer>") and processed_messages
# rows (120 characters).
CONSUMER_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")


@dataclass(frozen=True, slots=True)
class Subscription(Generic[E]):
    """Runs ``handler`` (resolved from the container for each message) on
    every ``event`` published, as the consumer named ``consumer``.

    The name is the consumer's identity: its queue, and its record of the
    messages it handled. Renaming it starts a new, empty queue and forgets
    that record; two subscriptions never share a name.
    """

    event: type[E]
    handler: type[EventHandler[E]]
    consumer: str

    def __post_init__(self) -> None:
        if not CONSUMER_NAME.fullmatch(self.consumer):
            raise ValueError(
                f"consumer name {self.consumer!r}: lowercase letters, digits, "
                "'.', '_' and '-', at most 100 characters"
            )
