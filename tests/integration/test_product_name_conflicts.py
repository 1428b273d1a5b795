"""SqlaTransaction: a taken product name is ProductNameTakenError on both
engines (tests/integration/test_transaction.py tells why both)."""

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.exceptions import ProductNameTakenError
from app.domain.value_objects.product_fields import ProductName
from app.infrastructure.adapters.sqla_product_data_mapper import (
    SqlaProductDataMapper,
)
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from tests.integration.conflicts import STEPS, Step, assert_conflict
from tests.integration.factories import SessionFactory
from tests.integration.product_factories import (
    load_product,
    new_product,
    store_products,
)


@STEPS
async def test_duplicate_product_name_is_product_name_taken(
    session: AsyncSession, session_factory: SessionFactory, step: Step
) -> None:
    first = new_product("anvil")
    await store_products(session_factory, first)
    bystander = new_product("bolt")
    products = SqlaProductDataMapper(session)
    transaction = SqlaTransaction(session)
    await products.add(bystander)
    await products.add(new_product("anvil", category="other", price="1.00"))

    with pytest.raises(ProductNameTakenError) as raised:
        await step(transaction)

    assert_conflict(raised.value, ProductNameTakenError)
    assert await load_product(session_factory, bystander.id) is None
    still = await products.get_by_id(first.id)
    assert still is not None
    assert still.name.value == "anvil"
    later = new_product("chisel")
    await products.add(later)
    await transaction.commit()
    assert await load_product(session_factory, later.id) is not None


@STEPS
async def test_renaming_a_product_to_a_taken_name_is_product_name_taken(
    session: AsyncSession, session_factory: SessionFactory, step: Step
) -> None:
    anvil = new_product("anvil")
    bolt = new_product("bolt")
    await store_products(session_factory, anvil, bolt)
    products = SqlaProductDataMapper(session)
    loaded = await products.get_by_id(bolt.id)
    assert loaded is not None
    loaded.name = ProductName("anvil")
    await products.update(loaded)

    with pytest.raises(ProductNameTakenError) as raised:
        await step(SqlaTransaction(session))

    assert_conflict(raised.value, ProductNameTakenError)
    reloaded = await load_product(session_factory, bolt.id)
    assert reloaded is not None
    assert reloaded.name.value == "bolt"
