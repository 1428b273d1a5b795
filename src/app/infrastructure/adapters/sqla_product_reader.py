from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.ports.product_reader import ProductReader
from app.application.query_models.product_view import ProductSortField, ProductView
from app.infrastructure.exceptions import ReaderError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.product import ProductModel
from app.infrastructure.persistence.money import cents_to_price

_SORT_COLUMNS: dict[ProductSortField, InstrumentedAttribute[Any]] = {
    ProductSortField.NAME: ProductModel.name,
    ProductSortField.CATEGORY: ProductModel.category,
    ProductSortField.PRICE: ProductModel.price_cents,
}


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
        column = _SORT_COLUMNS[sort_by]
        key = column.asc() if order is SortOrder.ASC else column.desc()
        query = select(ProductModel)
        if category is not None:
            query = query.where(ProductModel.category == category)
        try:
            total = await self._session.scalar(
                select(func.count()).select_from(query.subquery())
            )
            rows = await self._session.scalars(
                # The id breaks ties so pages never overlap or skip rows.
                query.order_by(key, ProductModel.id)
                .limit(pagination.limit)
                .offset(pagination.offset)
            )
        except DATABASE_ERRORS as err:
            raise ReaderError from err
        return Page(
            items=[_to_view(row) for row in rows],
            total=total or 0,
            limit=pagination.limit,
            offset=pagination.offset,
        )


def _to_view(row: ProductModel) -> ProductView:
    return ProductView(
        id=row.id,
        name=row.name,
        category=row.category,
        price=cents_to_price(row.price_cents),
        description=row.description,
    )
