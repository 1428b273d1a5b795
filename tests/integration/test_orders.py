"""SqlaOrderDataMapper and SqlaOrderReader against the real databases."""

import asyncio
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from app.application.common.pagination import Pagination
from app.domain.entities.product import Product
from app.domain.entities.user import User
from app.domain.exceptions import OrderRequestKeyTakenError
from app.domain.value_objects.ids import ProductId
from app.domain.value_objects.order_fields import (
    OrderRequestKey,
    OrderStatus,
)
from app.infrastructure.adapters.sqla_order_data_mapper import SqlaOrderDataMapper
from app.infrastructure.adapters.sqla_order_reader import SqlaOrderReader
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from tests.integration.factories import SessionFactory, new_user, store_users
from tests.integration.order_factories import new_order, store_orders
from tests.integration.product_factories import new_product, store_products


@pytest.fixture
async def alice(session_factory: SessionFactory) -> User:
    user = new_user("alice@example.com")
    await store_users(session_factory, user)
    return user


@pytest.fixture
async def catalog(session_factory: SessionFactory) -> tuple[Product, Product]:
    anvil = new_product("anvil", price="10.00")
    rope = new_product("rope", price="2.25")
    await store_products(session_factory, anvil, rope)
    return anvil, rope


async def test_an_order_reads_back_whole_by_id_and_by_key(
    session_factory: SessionFactory, alice: User, catalog: tuple[Product, Product]
) -> None:
    anvil, rope = catalog
    order = new_order(alice, "key-1", (rope, 4), (anvil, 1))
    await store_orders(session_factory, order)

    async with session_factory() as session:
        mapper = SqlaOrderDataMapper(session)
        by_id = await mapper.get_by_id(order.id)
        by_key = await mapper.get_by_request_key(alice.id, OrderRequestKey("key-1"))
        other_key = await mapper.get_by_request_key(alice.id, OrderRequestKey("x"))

    assert other_key is None
    assert by_id is not None
    assert by_key is not None
    for loaded in (by_id, by_key):
        assert loaded.id == order.id
        assert loaded.lines == order.lines  # in the order they were placed
        assert loaded.total == Decimal("19.00")
        assert loaded.status is OrderStatus.PENDING_PAYMENT


async def test_update_stores_the_status_and_payment(
    session_factory: SessionFactory, alice: User, catalog: tuple[Product, Product]
) -> None:
    order = new_order(alice, "key-1", (catalog[0], 1))
    await store_orders(session_factory, order)

    async with session_factory() as session:
        mapper = SqlaOrderDataMapper(session)
        loaded = await mapper.get_by_id(order.id)
        assert loaded is not None
        loaded.mark_paid("ch_123")
        await mapper.update(loaded)
        await SqlaTransaction(session).commit()
    async with session_factory() as session:
        paid = await SqlaOrderDataMapper(session).get_by_id(order.id)

    assert paid is not None
    assert (paid.status, paid.payment_id) == (OrderStatus.PAID, "ch_123")


async def test_a_second_order_with_the_same_key_is_refused(
    session_factory: SessionFactory, alice: User, catalog: tuple[Product, Product]
) -> None:
    await store_orders(session_factory, new_order(alice, "key-1", (catalog[0], 1)))

    with pytest.raises(OrderRequestKeyTakenError):
        await store_orders(session_factory, new_order(alice, "key-1", (catalog[1], 2)))


async def test_the_reader_lists_a_users_orders_newest_first(
    session_factory: SessionFactory, alice: User, catalog: tuple[Product, Product]
) -> None:
    bob = new_user("bob@example.com")
    await store_users(session_factory, bob)
    first = new_order(alice, "a", (catalog[0], 1))
    await store_orders(session_factory, first)
    # placed_at is taken when the row is written: keep the two apart.
    await asyncio.sleep(0.01)
    second = new_order(alice, "b", (catalog[1], 3))
    await store_orders(session_factory, second, new_order(bob, "a", (catalog[0], 1)))

    async with session_factory() as session:
        reader = SqlaOrderReader(session)
        page = await reader.list_orders(alice.id, Pagination(limit=1))
        rest = await reader.list_orders(alice.id, Pagination(limit=5, offset=1))
        view = await reader.get_order(second.id)
        missing = await reader.get_order(uuid.uuid4())

    assert (page.total, [o.id for o in page.items]) == (2, [second.id])
    assert [o.id for o in rest.items] == [first.id]
    assert missing is None
    assert view is not None
    assert (view.user_id, view.status, view.total, view.currency) == (
        alice.id,
        "pending_payment",
        Decimal("6.75"),
        "EUR",
    )
    assert [
        (line.product_id, line.quantity, line.unit_price) for line in view.lines
    ] == [(ProductId(catalog[1].id), 3, Decimal("2.25"))]
    assert view.placed_at.tzinfo is not None


async def test_pending_payment_lists_unpaid_orders_due_oldest_first(
    session_factory: SessionFactory, alice: User, catalog: tuple[Product, Product]
) -> None:
    anvil, rope = catalog
    oldest = new_order(alice, "a", (anvil, 1))
    paid = new_order(alice, "b", (anvil, 1))
    paid.mark_paid("ch_1")
    await store_orders(session_factory, oldest, paid)
    await asyncio.sleep(0.01)
    newer = new_order(alice, "c", (rope, 2))
    await store_orders(session_factory, newer)
    await asyncio.sleep(0.01)

    async with session_factory() as session:
        mapper = SqlaOrderDataMapper(session)
        due = await mapper.list_pending_payment(timedelta(0), limit=10)
        first = await mapper.list_pending_payment(timedelta(0), limit=1)
        not_yet = await mapper.list_pending_payment(timedelta(hours=1), limit=10)

    assert [order.id for order in due] == [oldest.id, newer.id]
    assert due[1].lines == newer.lines
    assert [order.id for order in first] == [oldest.id]
    assert not_yet == []


async def test_an_order_listed_is_read_again_as_it_is_now(
    session_factory: SessionFactory, alice: User, catalog: tuple[Product, Product]
) -> None:
    order = new_order(alice, "a", (catalog[0], 1))
    await store_orders(session_factory, order)
    await asyncio.sleep(0.01)

    async with session_factory() as session:
        mapper = SqlaOrderDataMapper(session)
        [listed] = await mapper.list_pending_payment(timedelta(0), limit=10)
        # Paid by another request meanwhile.
        async with session_factory() as other:
            elsewhere = SqlaOrderDataMapper(other)
            loaded = await elsewhere.get_by_id(order.id)
            assert loaded is not None
            loaded.mark_paid("ch_2")
            await elsewhere.update(loaded)
            await SqlaTransaction(other).commit()
        again = await mapper.get_by_id(listed.id)

    assert listed.status is OrderStatus.PENDING_PAYMENT
    assert again is not None
    assert again.status is OrderStatus.PAID
