"""SqlaProductDataMapper against the real databases."""

import uuid
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.product import Product
from app.domain.value_objects.ids import ProductId
from app.domain.value_objects.product_fields import (
    Category,
    Description,
    Price,
    ProductName,
)
from app.infrastructure.adapters.sqla_product_data_mapper import (
    SqlaProductDataMapper,
)
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from app.infrastructure.exceptions import DataMapperError
from tests.integration.factories import SessionFactory
from tests.integration.product_factories import (
    load_product,
    new_product,
    store_products,
)


def product_fields(product: Product) -> tuple[object, ...]:
    return (
        product.id,
        product.name.value,
        product.category.value,
        product.price.amount,
        product.description.value,
    )


@pytest.mark.parametrize(
    "price", ["0.00", "0.01", "0.10", "19.99", "1234.50", "999999999.99"]
)
async def test_committed_product_reads_back_with_every_field(
    session: AsyncSession, session_factory: SessionFactory, price: str
) -> None:
    product = new_product(
        " Claw Hammer ",
        category=" Hand Tools ",
        price=price,
        description="  Forged steel, 450 g.  ",
    )
    await SqlaProductDataMapper(session).add(product)
    await SqlaTransaction(session).commit()

    loaded = await load_product(session_factory, product.id)

    assert loaded is not None
    assert loaded is not product
    assert product_fields(loaded) == (
        product.id,
        "Claw Hammer",
        "hand tools",
        Decimal(price),
        "Forged steel, 450 g.",
    )
    # Exactly the cents, with two decimal places, not a float approximation.
    assert isinstance(loaded.price.amount, Decimal)
    assert str(loaded.price.amount) == price


async def test_unknown_product_is_none(
    session: AsyncSession, session_factory: SessionFactory
) -> None:
    await store_products(session_factory, new_product("anvil"))

    assert (
        await SqlaProductDataMapper(session).get_by_id(ProductId(uuid.uuid4())) is None
    )


async def test_products_by_ids_come_by_id_with_every_field(
    session: AsyncSession, session_factory: SessionFactory
) -> None:
    anvil = new_product("anvil", category="tools", price="10.00")
    bolt = new_product("bolt", category="hardware", price="0.25")
    await store_products(session_factory, anvil, bolt, new_product("chisel"))
    unknown = ProductId(uuid.uuid4())

    found = await SqlaProductDataMapper(session).get_by_ids(
        [bolt.id, unknown, anvil.id]
    )

    # The unknown id left out, and only the products asked for.
    assert set(found) == {anvil.id, bolt.id}
    assert product_fields(found[anvil.id]) == product_fields(anvil)
    assert product_fields(found[bolt.id]) == product_fields(bolt)
    assert isinstance(found[bolt.id].price.amount, Decimal)


async def test_no_ids_find_no_products(
    session: AsyncSession, session_factory: SessionFactory
) -> None:
    await store_products(session_factory, new_product("anvil"))

    assert await SqlaProductDataMapper(session).get_by_ids([]) == {}


async def test_product_update_persists_every_changed_field(
    session_factory: SessionFactory,
) -> None:
    product = new_product("anvil", category="tools", price="10.00")
    untouched = new_product("bolt", category="hardware", price="0.25")
    await store_products(session_factory, product, untouched)

    async with session_factory() as session:
        mapper = SqlaProductDataMapper(session)
        loaded = await mapper.get_by_id(product.id)
        assert loaded is not None
        loaded.name = ProductName("Heavy Anvil")
        loaded.category = Category("Smithing")
        loaded.price = Price(Decimal("1249.95"))
        loaded.description = Description("Now heavier.")
        await mapper.update(loaded)
        await SqlaTransaction(session).commit()

    reloaded = await load_product(session_factory, product.id)
    assert reloaded is not None
    assert product_fields(reloaded) == (
        product.id,
        "Heavy Anvil",
        "smithing",
        Decimal("1249.95"),
        "Now heavier.",
    )
    other = await load_product(session_factory, untouched.id)
    assert other is not None
    assert product_fields(other) == product_fields(untouched)


async def test_updating_a_product_that_was_never_stored_is_a_data_mapper_error(
    session: AsyncSession,
) -> None:
    with pytest.raises(DataMapperError):
        await SqlaProductDataMapper(session).update(new_product("ghost"))


async def test_product_delete_removes_only_that_product(
    session_factory: SessionFactory,
) -> None:
    doomed = new_product("anvil")
    kept = new_product("bolt")
    await store_products(session_factory, doomed, kept)

    async with session_factory() as session:
        mapper = SqlaProductDataMapper(session)
        loaded = await mapper.get_by_id(doomed.id)
        assert loaded is not None
        await mapper.delete(loaded)
        await SqlaTransaction(session).commit()

    assert await load_product(session_factory, doomed.id) is None
    assert await load_product(session_factory, kept.id) is not None


async def test_deleting_a_product_that_is_not_stored_does_nothing(
    session: AsyncSession, session_factory: SessionFactory
) -> None:
    kept = new_product("anvil")
    await store_products(session_factory, kept)

    await SqlaProductDataMapper(session).delete(new_product("ghost"))
    await SqlaTransaction(session).commit()

    assert await load_product(session_factory, kept.id) is not None


async def test_uncommitted_product_changes_are_invisible_and_lost_on_close(
    session_factory: SessionFactory,
) -> None:
    stored = new_product("anvil", price="10.00")
    await store_products(session_factory, stored)
    added = new_product("bolt")

    async with session_factory() as writer:
        mapper = SqlaProductDataMapper(writer)
        await mapper.add(added)
        loaded = await mapper.get_by_id(stored.id)
        assert loaded is not None
        loaded.price = Price(Decimal("99.99"))
        await mapper.update(loaded)
        await SqlaTransaction(writer).flush()

        async with session_factory() as other:
            other_mapper = SqlaProductDataMapper(other)
            assert await other_mapper.get_by_id(added.id) is None
            seen = await other_mapper.get_by_id(stored.id)
            assert seen is not None
            assert seen.price.amount == Decimal("10.00")

    assert await load_product(session_factory, added.id) is None
    reloaded = await load_product(session_factory, stored.id)
    assert reloaded is not None
    assert reloaded.price.amount == Decimal("10.00")


async def test_uncommitted_product_delete_is_lost_on_close(
    session_factory: SessionFactory,
) -> None:
    product = new_product("anvil")
    await store_products(session_factory, product)

    async with session_factory() as session:
        mapper = SqlaProductDataMapper(session)
        loaded = await mapper.get_by_id(product.id)
        assert loaded is not None
        await mapper.delete(loaded)
        await SqlaTransaction(session).flush()
        assert await mapper.get_by_id(product.id) is None

    assert await load_product(session_factory, product.id) is not None
