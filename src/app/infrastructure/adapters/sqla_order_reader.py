from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Row, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.ports.order_reader import OrderReader
from app.application.query_models.order_view import OrderLineView, OrderView
from app.infrastructure.exceptions import ReaderError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.base import table_of
from app.infrastructure.persistence.models.order import OrderLineModel, OrderModel
from app.infrastructure.persistence.money import cents_to_price
from app.infrastructure.persistence.paging import fetch_page

_ORDERS = table_of(OrderModel)
_LINES = table_of(OrderLineModel)
# An order with its lines in one query (a row per line; one row with empty
# line columns for an order without lines), as plain rows: no ORM objects to
# make and track. Built once, not per request.
_ORDER_WITH_LINES = (
    select(
        _ORDERS.c.id,
        _ORDERS.c.user_id,
        _ORDERS.c.status,
        _ORDERS.c.total_cents,
        _ORDERS.c.currency,
        _ORDERS.c.placed_at,
        _LINES.c.product_id,
        _LINES.c.quantity,
        _LINES.c.unit_price_cents,
    )
    .select_from(_ORDERS.outerjoin(_LINES, _LINES.c.order_id == _ORDERS.c.id))
    .where(_ORDERS.c.id == bindparam("order_id"))
    .order_by(_LINES.c.position)
)


class SqlaOrderReader(OrderReader):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_order(self, order_id: UUID) -> OrderView | None:
        try:
            result = await self._session.execute(
                _ORDER_WITH_LINES, {"order_id": order_id}
            )
            rows = result.all()
        except DATABASE_ERRORS as err:
            raise ReaderError from err
        return _view_of_rows(rows) if rows else None

    async def list_orders(
        self, user_id: UUID, pagination: Pagination
    ) -> Page[OrderView]:
        try:
            return await fetch_page(
                self._session,
                select(OrderModel).where(OrderModel.user_id == user_id),
                OrderModel.placed_at,
                SortOrder.DESC,
                OrderModel.id,
                pagination,
                _to_view,
            )
        except DATABASE_ERRORS as err:
            raise ReaderError from err


def _to_view(row: OrderModel) -> OrderView:
    return _order_view(row, row.lines)


def _view_of_rows(rows: Sequence[Row[*tuple[Any, ...]]]) -> OrderView:
    """The order the rows of _ORDER_WITH_LINES hold."""
    return _order_view(rows[0], [row for row in rows if row.product_id is not None])


def _order_view(
    order: OrderModel | Row[*tuple[Any, ...]],
    lines: Iterable[OrderLineModel | Row[*tuple[Any, ...]]],
) -> OrderView:
    """An order and its lines, read as ORM objects or as plain rows."""
    return OrderView(
        id=order.id,
        user_id=order.user_id,
        status=order.status,
        total=cents_to_price(order.total_cents),
        currency=order.currency,
        placed_at=order.placed_at,
        lines=[
            OrderLineView(
                product_id=line.product_id,
                quantity=line.quantity,
                unit_price=cents_to_price(line.unit_price_cents),
            )
            for line in lines
        ],
    )
