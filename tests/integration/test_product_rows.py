"""insert_row (tests/support/rows.py) fills the catalog's tables."""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.infrastructure.persistence.models.product import ProductModel
from tests.support.rows import insert_row


async def test_a_product_row_gets_every_required_column(
    session: AsyncSession,
) -> None:
    product_id = await insert_row(session, "products")

    assert isinstance(product_id, UUID)
    product = await session.get_one(ProductModel, product_id)
    assert product.name
    assert 0 < len(product.category) <= 60
    assert isinstance(product.price_cents, int)
    assert isinstance(product.description, str)


async def test_two_product_rows_get_distinct_unique_names(
    session: AsyncSession,
) -> None:
    product_ids = [await insert_row(session, "products") for _ in range(2)]

    assert len(set(product_ids)) == 2
    names = await session.scalars(select(ProductModel.name))
    assert len(set(names)) == 2
