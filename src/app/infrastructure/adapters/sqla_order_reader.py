from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.ports.order_reader import OrderReader
from app.application.query_models.order_view import OrderLineView, OrderView
from app.infrastructure.exceptions import ReaderError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.order import OrderModel
from app.infrastructure.persistence.money import cents_to_price
from app.infrastructure.persistence.paging import fetch_page


class SqlaOrderReader(OrderReader):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_order(self, order_id: UUID) -> OrderView | None:
        try:
            # The lines in the same query (a join), not a second one.
            row = await self._session.get(
                OrderModel, order_id, options=[joinedload(OrderModel.lines)]
            )
        except DATABASE_ERRORS as err:
            raise ReaderError from err
        return None if row is None else _to_view(row)

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
    return OrderView(
        id=row.id,
        user_id=row.user_id,
        status=row.status,
        total=cents_to_price(row.total_cents),
        currency=row.currency,
        placed_at=row.placed_at,
        lines=[
            OrderLineView(
                product_id=line.product_id,
                quantity=line.quantity,
                unit_price=cents_to_price(line.unit_price_cents),
            )
            for line in row.lines
        ],
    )
