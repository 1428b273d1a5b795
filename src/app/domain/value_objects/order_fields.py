"""The values an order is made of: its status, a line's quantity, the
client's idempotency key and the currency every price is in."""

from dataclasses import dataclass
from enum import StrEnum

from app.domain.exceptions import DomainValidationError

# Catalog prices are amounts in this currency; orders are charged in it.
CATALOG_CURRENCY = "EUR"

MAX_QUANTITY = 100
MAX_LINES = 50
MAX_REQUEST_KEY_LENGTH = 100


class OrderStatus(StrEnum):
    # Stored, not yet charged: a retried placement charges it (once).
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    FULFILLED = "fulfilled"
    # Never charged, and no longer to be: the payment reconciliation found
    # no charge for it long after it was placed.
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Quantity:
    """How many of a product a line orders: 1 to MAX_QUANTITY."""

    value: int

    def __post_init__(self) -> None:
        if not 1 <= self.value <= MAX_QUANTITY:
            raise DomainValidationError(
                "quantity", f"A quantity is between 1 and {MAX_QUANTITY}."
            )


@dataclass(frozen=True, slots=True)
class OrderRequestKey:
    """The client's Idempotency-Key for placing an order: the same key from
    the same user places the same order, however often it is sent."""

    value: str

    def __post_init__(self) -> None:
        if not self.value or len(self.value) > MAX_REQUEST_KEY_LENGTH:
            raise DomainValidationError(
                "idempotency_key",
                f"An idempotency key has 1 to {MAX_REQUEST_KEY_LENGTH} characters.",
            )
        if not self.value.isascii() or not self.value.isprintable():
            raise DomainValidationError(
                "idempotency_key",
                "An idempotency key is printable ASCII.",
            )
