"""The order entity and its values: totals, status changes, what a line and
a client key may be."""

from decimal import Decimal
from uuid import uuid4

import pytest

from app.domain.entities.order import Order, OrderLine
from app.domain.exceptions import DomainValidationError, OrderStateError
from app.domain.value_objects.ids import OrderId, ProductId, UserId
from app.domain.value_objects.order_fields import (
    MAX_LINES,
    MAX_QUANTITY,
    OrderRequestKey,
    OrderStatus,
    Quantity,
)
from app.domain.value_objects.product_fields import Price


def line(price: str = "2.50", quantity: int = 1) -> OrderLine:
    return OrderLine(
        product_id=ProductId(uuid4()),
        quantity=Quantity(quantity),
        unit_price=Price(Decimal(price)),
    )


def order(*lines: OrderLine) -> Order:
    return Order(
        id=OrderId(uuid4()),
        user_id=UserId(uuid4()),
        request_key=OrderRequestKey("key"),
        lines=lines or (line(),),
    )


def test_the_total_adds_up_each_line_at_its_price() -> None:
    placed = order(line("2.50", 3), line("0.99", 2))

    assert placed.total == Decimal("9.48")
    assert placed.status is OrderStatus.PENDING_PAYMENT


def test_an_order_is_paid_then_fulfilled_in_that_order_only() -> None:
    placed = order()

    with pytest.raises(OrderStateError):
        placed.mark_fulfilled()
    placed.mark_paid("ch_1")
    with pytest.raises(OrderStateError):
        placed.mark_paid("ch_2")
    placed.mark_fulfilled()

    assert (placed.status, placed.payment_id) == (OrderStatus.FULFILLED, "ch_1")


def test_an_order_is_fulfilled_once() -> None:
    # The entity refuses a second fulfilment; FulfilOrder is what lets a
    # redelivered OrderPlaced find the order fulfilled and change nothing.
    placed = order()
    placed.mark_paid("ch_1")
    placed.mark_fulfilled()

    with pytest.raises(OrderStateError):
        placed.mark_fulfilled()
    assert placed.status is OrderStatus.FULFILLED


def test_same_request_compares_products_and_quantities_in_any_order() -> None:
    first, second = line(quantity=1), line(quantity=2)
    placed = order(first, second)
    asked = ((second.product_id, Quantity(2)), (first.product_id, Quantity(1)))

    assert placed.same_request(asked)
    assert not placed.same_request(asked[:1])
    assert not placed.same_request(
        ((first.product_id, Quantity(1)), (second.product_id, Quantity(3)))
    )


@pytest.mark.parametrize("lines", [(), tuple(line() for _ in range(MAX_LINES + 1))])
def test_an_order_has_one_to_max_lines(lines: tuple[OrderLine, ...]) -> None:
    with pytest.raises(DomainValidationError) as raised:
        Order(
            id=OrderId(uuid4()),
            user_id=UserId(uuid4()),
            request_key=OrderRequestKey("key"),
            lines=lines,
        )

    assert raised.value.field == "lines"


def test_a_product_appears_on_one_line() -> None:
    repeated = line()

    with pytest.raises(DomainValidationError, match="one line"):
        order(repeated, repeated)


@pytest.mark.parametrize("value", [0, -1, MAX_QUANTITY + 1])
def test_a_quantity_is_between_one_and_max(value: int) -> None:
    with pytest.raises(DomainValidationError) as raised:
        Quantity(value)

    assert raised.value.field == "quantity"


@pytest.mark.parametrize("value", ["", "k" * 101, "caf\u00e9", "tab\there"])
def test_a_request_key_is_short_printable_ascii(value: str) -> None:
    with pytest.raises(DomainValidationError) as raised:
        OrderRequestKey(value)

    assert raised.value.field == "idempotency_key"


def test_only_an_unpaid_order_is_cancelled() -> None:
    unpaid, paid = order(line()), order(line())
    paid.mark_paid("ch_1")

    unpaid.cancel()

    assert unpaid.status is OrderStatus.CANCELLED
    with pytest.raises(OrderStateError):
        paid.cancel()
    with pytest.raises(OrderStateError):
        unpaid.mark_paid("ch_2")
