"""What PlaceOrder and ReconcilePayments share: the placement's idempotency
key and request (both claim the key through the Idempotency service, so
they never work on one order at once), the payment's key, and how a payment
is recorded."""

from collections.abc import Iterable

from app.application.ports.event_outbox import EventOutbox
from app.application.ports.idempotency_store import IdempotencyKey
from app.application.ports.order_data_mapper import OrderDataMapper
from app.application.ports.transaction_manager import TransactionManager
from app.domain.entities.order import Order
from app.domain.events.order_placed import OrderPlaced
from app.domain.value_objects.ids import OrderId, ProductId, UserId
from app.domain.value_objects.order_fields import OrderRequestKey, Quantity

# The operation idempotency keys of order placements are recorded under.
PLACE_ORDER = "place-order"


def placement_key(user_id: UserId, request_key: OrderRequestKey) -> IdempotencyKey:
    """The user's Idempotency-Key of a placement (keys belong to their user)."""
    return IdempotencyKey(PLACE_ORDER, str(user_id), request_key.value)


def placement_request(lines: Iterable[tuple[ProductId, Quantity]]) -> object:
    """The request a placement's fingerprint is made of: its (product,
    quantity) pairs, sorted, since the order of the lines does not matter."""
    return sorted([str(product_id), quantity.value] for product_id, quantity in lines)


def payment_key(order_id: OrderId) -> str:
    """The payment idempotency key of the one charge of an order."""
    return f"order-{order_id}"


async def record_payment(
    order: Order,
    charge_id: str,
    orders: OrderDataMapper,
    outbox: EventOutbox,
    transaction: TransactionManager,
) -> None:
    """Marks the order paid by the charge and records OrderPlaced, in one
    transaction."""
    order.mark_paid(charge_id)
    await orders.update(order)
    await outbox.add(
        OrderPlaced(order_id=order.id, user_id=order.user_id, total=order.total)
    )
    await transaction.commit()
