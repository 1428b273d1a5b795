from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class DomainEvent:
    """Something that happened in the domain, as a value: immutable, compared
    by its fields.

    ``topic`` names the kind of event ("user.registered") where the outside
    world sees it: it is the routing key subscribers bind to, so it never
    changes once consumers exist. Each subclass sets its own.
    """

    topic: ClassVar[str]
