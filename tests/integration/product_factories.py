"""Products and stored product rows for the catalog's adapter tests."""

from decimal import Decimal

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
from tests.integration.factories import SessionFactory, id_generator


def new_product(
    name: str = "anvil",
    *,
    category: str = "tools",
    price: str = "10.00",
    description: str = "",
) -> Product:
    return Product(
        id=ProductId(id_generator.new_id()),
        name=ProductName(name),
        category=Category(category),
        price=Price(Decimal(price)),
        description=Description(description),
    )


async def store_products(session_factory: SessionFactory, *products: Product) -> None:
    """Adds and commits the products in a unit of work of their own."""
    async with session_factory() as session:
        mapper = SqlaProductDataMapper(session)
        for product in products:
            await mapper.add(product)
        await SqlaTransaction(session).commit()


async def load_product(
    session_factory: SessionFactory, product_id: ProductId
) -> Product | None:
    """The product as a fresh session sees it."""
    async with session_factory() as session:
        return await SqlaProductDataMapper(session).get_by_id(product_id)
