"""One page of a query: the total count and the rows of the page."""

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.application.common.pagination import Page, Pagination, SortOrder

Row = TypeVar("Row")
View = TypeVar("View")


async def fetch_page(
    session: AsyncSession,
    query: Select[Row],
    sort_column: InstrumentedAttribute[Any],
    order: SortOrder,
    tie_breaker: InstrumentedAttribute[Any],
    pagination: Pagination,
    to_view: Callable[[Row], View],
) -> Page[View]:
    """Counts every match, then loads one page in a stable order.

    Driver errors propagate: the calling reader wraps them in ReaderError.
    """
    key = sort_column.asc() if order is SortOrder.ASC else sort_column.desc()
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(
        # The tie breaker keeps pages from overlapping or skipping rows.
        query.order_by(key, tie_breaker)
        .limit(pagination.limit)
        .offset(pagination.offset)
    )
    return Page(
        items=[to_view(row) for row in rows],
        total=total or 0,
        limit=pagination.limit,
        offset=pagination.offset,
    )
