from dataclasses import dataclass, field

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.ports.product_reader import ProductReader
from app.application.query_models.product_view import ProductSortField, ProductView
from app.domain.value_objects.product_fields import Category


@dataclass(frozen=True, slots=True)
class ListProductsQuery:
    pagination: Pagination = field(default_factory=Pagination)
    sort_by: ProductSortField = ProductSortField.NAME
    order: SortOrder = SortOrder.ASC
    category: str | None = None


class ListProducts:
    """One page of the catalog, for anyone. Raises DomainValidationError."""

    def __init__(self, reader: ProductReader) -> None:
        self._reader = reader

    async def execute(self, query: ListProductsQuery) -> Page[ProductView]:
        category = None if query.category is None else Category(query.category).value
        return await self._reader.list_products(
            query.pagination, query.sort_by, query.order, category
        )
