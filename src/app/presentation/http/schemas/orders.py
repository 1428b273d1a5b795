from datetime import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from app.application.common.pagination import Page
from app.application.query_models.order_view import OrderLineView, OrderView
from app.domain.value_objects.order_fields import MAX_LINES, MAX_QUANTITY
from app.presentation.http.schemas.common import OffsetParams, RequestModel

# What the domain's OrderRequestKey accepts: printable ASCII.
IdempotencyKey = Annotated[str, StringConstraints(pattern=r"^[\x20-\x7e]+$")]


class OrderLineRequest(RequestModel):
    product_id: UUID
    # Strict: true and "2" are not quantities.
    quantity: int = Field(ge=1, le=MAX_QUANTITY, strict=True)


class PlaceOrderRequest(RequestModel):
    lines: list[OrderLineRequest] = Field(min_length=1, max_length=MAX_LINES)


class OrderLineResponse(BaseModel):
    product_id: UUID
    quantity: int
    unit_price: Decimal

    @classmethod
    def of(cls, view: OrderLineView) -> "OrderLineResponse":
        return cls(
            product_id=view.product_id,
            quantity=view.quantity,
            unit_price=view.unit_price,
        )


class OrderResponse(BaseModel):
    id: UUID
    status: str
    total: Decimal
    currency: str
    placed_at: datetime
    lines: list[OrderLineResponse]

    @classmethod
    def of(cls, view: OrderView) -> "OrderResponse":
        return cls(
            id=view.id,
            status=view.status,
            total=view.total,
            currency=view.currency,
            placed_at=view.placed_at,
            lines=[OrderLineResponse.of(line) for line in view.lines],
        )


class OrderPageResponse(BaseModel):
    items: list[OrderResponse]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, page: Page[OrderView]) -> "OrderPageResponse":
        return cls(
            items=[OrderResponse.of(order) for order in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )


class OrderListParams(OffsetParams):
    """Newest first, always: no sort parameters."""
