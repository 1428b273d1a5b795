from dataclasses import dataclass
from decimal import Decimal

from app.domain.exceptions import DomainValidationError, OrderStateError
from app.domain.value_objects.ids import OrderId, ProductId, UserId
from app.domain.value_objects.order_fields import (
    MAX_LINES,
    OrderRequestKey,
    OrderStatus,
    Quantity,
)
from app.domain.value_objects.product_fields import Price


@dataclass(frozen=True, kw_only=True, slots=True)
class OrderLine:
    """A product at the price it had when the order was placed."""

    product_id: ProductId
    quantity: Quantity
    unit_price: Price

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price.amount * self.quantity.value


@dataclass(eq=False, kw_only=True, slots=True)
class Order:
    id: OrderId
    user_id: UserId
    request_key: OrderRequestKey
    lines: tuple[OrderLine, ...]
    status: OrderStatus = OrderStatus.PENDING_PAYMENT
    # The payment provider's id of the charge, once paid.
    payment_id: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= len(self.lines) <= MAX_LINES:
            raise DomainValidationError(
                "lines", f"An order has 1 to {MAX_LINES} lines."
            )
        products = [line.product_id for line in self.lines]
        if len(set(products)) != len(products):
            raise DomainValidationError(
                "lines", "Each product appears on one line; add up its quantities."
            )

    @property
    def total(self) -> Decimal:
        return sum((line.subtotal for line in self.lines), Decimal("0.00"))

    def same_request(self, lines: tuple[tuple[ProductId, Quantity], ...]) -> bool:
        """Whether ``lines`` (product, quantity) is what this order ordered:
        a key sent again must come with the same order."""
        ordered = {(line.product_id, line.quantity) for line in self.lines}
        return len(lines) == len(self.lines) and set(lines) == ordered

    def mark_paid(self, payment_id: str) -> None:
        if self.status is not OrderStatus.PENDING_PAYMENT:
            raise OrderStateError(f"Order {self.id} is {self.status}, not unpaid.")
        self.status = OrderStatus.PAID
        self.payment_id = payment_id

    def cancel(self) -> None:
        """An unpaid order that will not be paid (its charge was never
        taken) is cancelled."""
        if self.status is not OrderStatus.PENDING_PAYMENT:
            raise OrderStateError(f"Order {self.id} is {self.status}, not unpaid.")
        self.status = OrderStatus.CANCELLED

    def mark_fulfilled(self) -> None:
        if self.status is not OrderStatus.PAID:
            raise OrderStateError(f"Order {self.id} is {self.status}, not paid.")
        self.status = OrderStatus.FULFILLED

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Order) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)
