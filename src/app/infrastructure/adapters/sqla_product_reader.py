from typing import Any
from uuid import UUID

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Bundle, InstrumentedAttribute

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.ports.product_reader import ProductReader
from app.application.query_models.product_view import ProductSortField, ProductView
from app.infrastructure.exceptions import ReaderError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.product import ProductModel
from app.infrastructure.persistence.money import cents_to_price
from app.infrastructure.persistence.paging import fetch_page

_SORT_COLUMNS: dict[ProductSortField, InstrumentedAttribute[Any]] = {
    ProductSortField.NAME: ProductModel.name,
    ProductSortField.CATEGORY: ProductModel.category,
    ProductSortField.PRICE: ProductModel.price_cents,
}
# What a view shows, as plain rows: a page of them makes no ORM objects
# (identity map entries, change tracking), which cost more than the rows.
_VIEW_COLUMNS: Bundle[Any] = Bundle(
    "product",
    ProductModel.id,
    ProductModel.name,
    ProductModel.category,
    ProductModel.price_cents,
    ProductModel.description,
)


class SqlaProductReader(ProductReader):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_product(self, product_id: UUID) -> ProductView | None:
        try:
            row = await self._session.get(ProductModel, product_id)
        except DATABASE_ERRORS as err:
            raise ReaderError from err
        return None if row is None else _to_view(row)

    async def list_products(
        self,
        pagination: Pagination,
        sort_by: ProductSortField,
        order: SortOrder,
        category: str | None,
    ) -> Page[ProductView]:
        query = select(_VIEW_COLUMNS)
        if category is not None:
            query = query.where(ProductModel.category == category)
        try:
            return await fetch_page(
                self._session,
                query,
                _SORT_COLUMNS[sort_by],
                order,
                ProductModel.id,
                pagination,
                _to_view,
            )
        except DATABASE_ERRORS as err:
            raise ReaderError from err


def _to_view(row: ProductModel | Row[Any]) -> ProductView:
    return ProductView(
        id=row.id,
        name=row.name,
        category=row.category,
        price=cents_to_price(row.price_cents),
        description=row.description,
    )
