from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from app.domain.events.domain_event import DomainEvent
from app.domain.value_objects.ids import OrderId, UserId


@dataclass(frozen=True, slots=True)
class OrderPlaced(DomainEvent):
    """A user placed an order; ``total`` is what it costs, in the shop's
    currency."""

    topic: ClassVar[str] = "order.placed"

    order_id: OrderId
    user_id: UserId
    total: Decimal
