from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    """A message as a consumer receives it, from the broker or the in-process
    bus: its topic, the id it was published with (the outbox row's), and its
    JSON payload decoded."""

    topic: str
    message_id: str
    payload: dict[str, object]
