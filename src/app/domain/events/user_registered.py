from dataclasses import dataclass
from typing import ClassVar

from app.domain.events.domain_event import DomainEvent
from app.domain.value_objects.ids import UserId


@dataclass(frozen=True, slots=True)
class UserRegistered(DomainEvent):
    """A visitor signed up and now has an account."""

    topic: ClassVar[str] = "user.registered"

    user_id: UserId
    email: str
