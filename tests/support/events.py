"""A domain event of the tests' own, shaped like the events that carry an
entity's id and an exact amount (the user's own events carry neither)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar
from uuid import UUID

from app.domain.events.domain_event import DomainEvent
from app.domain.value_objects.ids import UserId


@dataclass(frozen=True, slots=True)
class Deposited(DomainEvent):
    topic: ClassVar[str] = "test.deposited"

    deposit_id: UUID
    user_id: UserId
    amount: Decimal
