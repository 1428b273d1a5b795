from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID


@dataclass(frozen=True, slots=True)
class OrderLineView:
    product_id: UUID
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class OrderView:
    id: UUID
    user_id: UUID
    status: str
    total: Decimal
    currency: str
    placed_at: datetime
    lines: list[OrderLineView]
