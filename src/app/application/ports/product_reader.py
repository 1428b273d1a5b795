from typing import Protocol
from uuid import UUID

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.query_models.product_view import ProductSortField, ProductView


class ProductReader(Protocol):
    """Answers catalog queries with ProductView query models (the read side).

    Every method raises ReaderError when the store fails.
    """

    async def get_product(self, product_id: UUID) -> ProductView | None:
        """The product, or None when no product has this id."""
        ...

    async def list_products(
        self,
        pagination: Pagination,
        sort_by: ProductSortField,
        order: SortOrder,
        category: str | None,
    ) -> Page[ProductView]:
        """One page of products, optionally of one category, in a stable order."""
        ...
