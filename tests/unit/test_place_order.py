"""PlaceOrder: prices, the order stored before its charge, one charge per
order however often it is placed, OrderPlaced with the payment only."""

from decimal import Decimal
from uuid import uuid4

import pytest

from app.application.commands.place_order import OrderLineCommand, PlaceOrderCommand
from app.application.exceptions import AuthenticationError, IdempotencyKeyReusedError
from app.application.ports.payment_gateway import PaymentReceipt
from app.domain.entities.product import Product
from app.domain.entities.user import User
from app.domain.events.order_placed import OrderPlaced
from app.domain.exceptions import (
    DomainValidationError,
    OrderNotFoundError,
    OrderStateError,
    UnknownProductError,
)
from app.domain.value_objects.ids import OrderId, UserId
from app.domain.value_objects.order_fields import OrderStatus
from app.infrastructure.exceptions import (
    ExternalServiceError,
    ExternalServiceTimeoutError,
)
from tests.unit.world import World


@pytest.fixture
def alice(world: World) -> User:
    return world.add_user("alice@example.com")


@pytest.fixture
def anvil(world: World) -> Product:
    return world.add_product("Anvil", price="10.00")


@pytest.fixture
def rope(world: World) -> Product:
    return world.add_product("Rope", price="2.25")


def command(key: str, *lines: tuple[Product, int]) -> PlaceOrderCommand:
    return PlaceOrderCommand(
        idempotency_key=key,
        lines=[OrderLineCommand(product.id, quantity) for product, quantity in lines],
    )


def receipt(amount_cents: int, charge_id: str = "ch_1") -> PaymentReceipt:
    return PaymentReceipt(
        charge_id=charge_id, amount_cents=amount_cents, currency="EUR"
    )


async def test_an_order_is_priced_charged_and_recorded(
    world: World, alice: User, anvil: Product, rope: Product
) -> None:
    world.payments.answer("charge", receipt(1900))

    order_id = (
        await world.request(alice)
        .place_order()
        .execute(command("k1", (rope, 4), (anvil, 1)))
    )

    order = world.store.orders[order_id]
    assert order.user_id == alice.id
    assert order.total == Decimal("19.00")
    assert (order.status, order.payment_id) == (OrderStatus.PAID, "ch_1")
    assert world.payments.calls == [
        (
            "charge",
            {
                "idempotency_key": f"order-{order_id}",
                "amount_cents": 1900,
                "currency": "EUR",
                "reference": str(order_id),
            },
        )
    ]
    assert world.store.events == [
        OrderPlaced(order_id=order_id, user_id=alice.id, total=Decimal("19.00"))
    ]


async def test_a_failed_charge_leaves_the_order_stored_unpaid_and_unannounced(
    world: World, alice: User, anvil: Product
) -> None:
    world.payments.answer("charge", ExternalServiceTimeoutError())

    with pytest.raises(ExternalServiceTimeoutError):
        await world.request(alice).place_order().execute(command("k1", (anvil, 1)))

    [order] = world.store.orders.values()
    assert order.status is OrderStatus.PENDING_PAYMENT
    assert world.store.events == []


async def test_placing_it_again_charges_with_the_same_key_and_pays_it_once(
    world: World, alice: User, anvil: Product
) -> None:
    world.payments.answer("charge", ExternalServiceError())
    world.payments.answer("charge", receipt(2000))
    with pytest.raises(ExternalServiceError):
        await world.request(alice).place_order().execute(command("k1", (anvil, 2)))

    order_id = (
        await world.request(alice).place_order().execute(command("k1", (anvil, 2)))
    )
    again = await world.request(alice).place_order().execute(command("k1", (anvil, 2)))

    assert again == order_id
    assert list(world.store.orders) == [order_id]
    keys = [arguments["idempotency_key"] for _, arguments in world.payments.calls]
    # The third placement found the order paid: no third call.
    assert keys == [f"order-{order_id}", f"order-{order_id}"]
    assert world.store.orders[order_id].status is OrderStatus.PAID
    assert len(world.store.events) == 1


async def test_a_key_sent_again_with_another_order_is_refused(
    world: World, alice: User, anvil: Product, rope: Product
) -> None:
    world.payments.answer("charge", receipt(1000))
    await world.request(alice).place_order().execute(command("k1", (anvil, 1)))

    with pytest.raises(IdempotencyKeyReusedError):
        await world.request(alice).place_order().execute(command("k1", (rope, 1)))

    assert len(world.store.orders) == 1
    assert len(world.payments.calls) == 1


async def test_an_unknown_product_names_its_line_and_stores_nothing(
    world: World, alice: User, anvil: Product
) -> None:
    missing = world.add_product("Gone")
    del world.store.products[missing.id]

    with pytest.raises(UnknownProductError) as raised:
        await (
            world.request(alice)
            .place_order()
            .execute(command("k1", (anvil, 1), (missing, 1)))
        )

    assert raised.value.field == "lines[1].product_id"
    assert world.store.orders == {}
    assert world.payments.calls == []


@pytest.mark.parametrize(
    ("key", "quantity", "field"),
    [("", 1, "idempotency_key"), ("k1", 0, "quantity"), ("k1", 101, "quantity")],
)
async def test_bad_values_are_refused_before_anything_is_stored(
    world: World, alice: User, anvil: Product, key: str, quantity: int, field: str
) -> None:
    with pytest.raises(DomainValidationError) as raised:
        await (
            world.request(alice).place_order().execute(command(key, (anvil, quantity)))
        )

    assert raised.value.field == field
    assert world.store.orders == {}


async def test_only_a_logged_in_user_places_orders(
    world: World, anvil: Product
) -> None:
    with pytest.raises(AuthenticationError):
        await world.request().place_order().execute(command("k1", (anvil, 1)))

    assert world.store.orders == {}


# FulfilOrder: the pipeline run for each OrderPlaced delivered


async def test_a_placed_order_is_fulfilled_once_however_often_it_is_delivered(
    world: World, alice: User, anvil: Product
) -> None:
    world.payments.answer("charge", receipt(1000))
    await world.request(alice).place_order().execute(command("k1", (anvil, 1)))
    [event] = world.store.events
    assert isinstance(event, OrderPlaced)

    await world.request().fulfil_order().execute(event)
    commits = world.store.commits
    await world.request().fulfil_order().execute(event)

    assert world.store.orders[event.order_id].status is OrderStatus.FULFILLED
    # The second delivery changed nothing (its commit stores no change).
    assert world.store.orders[event.order_id].payment_id == "ch_1"
    assert world.store.commits == commits + 1


async def test_an_event_naming_no_order_is_not_found(world: World) -> None:
    event = OrderPlaced(
        order_id=OrderId(uuid4()), user_id=UserId(uuid4()), total=Decimal("1.00")
    )

    with pytest.raises(OrderNotFoundError):
        await world.request().fulfil_order().execute(event)


@pytest.mark.parametrize(
    "status", [OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED], ids=str
)
async def test_an_order_that_is_not_paid_is_refused_and_left_as_it_is(
    world: World, alice: User, anvil: Product, status: OrderStatus
) -> None:
    world.payments.answer("charge", ExternalServiceTimeoutError())
    with pytest.raises(ExternalServiceTimeoutError):
        await world.request(alice).place_order().execute(command("k1", (anvil, 1)))
    [order] = world.store.orders.values()
    if status is OrderStatus.CANCELLED:
        order.cancel()
    event = OrderPlaced(order_id=order.id, user_id=alice.id, total=Decimal("10.00"))
    commits = world.store.commits

    with pytest.raises(OrderStateError):
        await world.request().fulfil_order().execute(event)

    assert world.store.orders[order.id].status is status
    assert world.store.commits == commits
