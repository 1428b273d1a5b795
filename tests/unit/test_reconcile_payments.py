"""ReconcilePayments: an order left unpaid is paid if its charge was taken,
cancelled if not, never while its placement runs, and only once it is due."""

import pytest

from app.application.commands.place_order import OrderLineCommand, PlaceOrderCommand
from app.application.common.order_placements import placement_key, placement_request
from app.application.ports.payment_gateway import PaymentReceipt
from app.application.services.idempotency import fingerprint
from app.domain.entities.order import Order
from app.domain.entities.product import Product
from app.domain.entities.user import User
from app.domain.events.order_placed import OrderPlaced
from app.domain.value_objects.order_fields import OrderStatus
from app.infrastructure.exceptions import (
    ExternalServiceError,
    ExternalServiceTimeoutError,
)
from tests.unit.world import World


@pytest.fixture
async def unpaid(world: World) -> Order:
    """An order whose placement timed out: stored, unpaid, key released."""
    alice: User = world.add_user("alice@example.com")
    anvil: Product = world.add_product("Anvil", price="10.00")
    world.payments.answer("charge", ExternalServiceTimeoutError())
    with pytest.raises(ExternalServiceTimeoutError):
        await (
            world.request(alice)
            .place_order()
            .execute(PlaceOrderCommand("k1", [OrderLineCommand(anvil.id, 2)]))
        )
    [order] = world.store.orders.values()
    world.payments.calls.clear()
    return order


async def test_an_unpaid_order_that_was_charged_is_paid_and_announced(
    world: World, unpaid: Order
) -> None:
    world.payments.answer("find_charge", PaymentReceipt("ch_9", 2000, "EUR"))

    assert await world.request().reconcile_payments().execute() == 1

    order = world.store.orders[unpaid.id]
    assert (order.status, order.payment_id) == (OrderStatus.PAID, "ch_9")
    assert world.payments.calls == [
        ("find_charge", {"idempotency_key": f"order-{unpaid.id}"})
    ]
    assert world.store.events == [
        OrderPlaced(order_id=unpaid.id, user_id=unpaid.user_id, total=unpaid.total)
    ]


async def test_an_unpaid_order_never_charged_is_cancelled(
    world: World, unpaid: Order
) -> None:
    world.payments.answer("find_charge", None)

    assert await world.request().reconcile_payments().execute() == 1

    assert world.store.orders[unpaid.id].status is OrderStatus.CANCELLED
    assert world.store.events == []


async def test_the_placements_key_then_answers_the_settled_order(
    world: World, unpaid: Order
) -> None:
    world.payments.answer("find_charge", None)
    await world.request().reconcile_payments().execute()
    alice = world.store.users[unpaid.user_id]
    anvil = unpaid.lines[0].product_id

    again = await (
        world.request(alice)
        .place_order()
        .execute(PlaceOrderCommand("k1", [OrderLineCommand(anvil, 2)]))
    )

    assert again == unpaid.id
    assert world.payments.calls == [
        ("find_charge", {"idempotency_key": f"order-{unpaid.id}"})
    ]


async def test_an_order_not_yet_due_is_left_alone(world: World, unpaid: Order) -> None:
    reconcile = world.request().reconcile_payments(after_seconds=3600)

    assert await reconcile.execute() == 0

    assert world.store.orders[unpaid.id].status is OrderStatus.PENDING_PAYMENT
    assert world.payments.calls == []


async def test_an_order_whose_placement_holds_its_key_is_left_for_later(
    world: World, unpaid: Order
) -> None:
    lines = [(line.product_id, line.quantity) for line in unpaid.lines]
    key = placement_key(unpaid.user_id, unpaid.request_key)
    await world.idempotency_keys.claim(key, fingerprint(placement_request(lines)), 60)

    assert await world.request().reconcile_payments().execute() == 0

    assert world.store.orders[unpaid.id].status is OrderStatus.PENDING_PAYMENT
    assert world.payments.calls == []


async def test_a_gateway_that_cannot_tell_leaves_the_order_for_the_next_run(
    world: World, unpaid: Order
) -> None:
    world.payments.answer("find_charge", ExternalServiceError())
    world.payments.answer("find_charge", None)

    with pytest.raises(ExternalServiceError):
        await world.request().reconcile_payments().execute()
    assert world.store.orders[unpaid.id].status is OrderStatus.PENDING_PAYMENT

    assert await world.request().reconcile_payments().execute() == 1
    assert world.store.orders[unpaid.id].status is OrderStatus.CANCELLED
