from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """An outbox row waiting to be published: ``id`` is its message id."""

    id: int
    topic: str
    payload: dict[str, object]
