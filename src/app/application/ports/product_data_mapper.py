from collections.abc import Collection, Mapping
from typing import Protocol

from app.domain.entities.product import Product
from app.domain.value_objects.ids import ProductId


class ProductDataMapper(Protocol):
    """Loads and stores Product entities for commands (the write side).

    Changes become visible to others only after TransactionManager.commit.
    Every method raises DataMapperError when the store fails.
    """

    async def add(self, product: Product) -> None: ...

    async def get_by_id(self, product_id: ProductId) -> Product | None:
        """The product, or None when no product has this id."""
        ...

    async def get_by_ids(
        self, product_ids: Collection[ProductId]
    ) -> Mapping[ProductId, Product]:
        """The products with these ids, by id, read in one go (an order's
        lines, say); an id no product has is left out."""
        ...

    async def update(self, product: Product) -> None:
        """Stores the product's current state; it must have been loaded before."""
        ...

    async def delete(self, product: Product) -> None: ...
