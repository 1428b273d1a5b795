from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from app.application.ports.order_data_mapper import OrderDataMapper
from app.domain.entities.order import Order, OrderLine
from app.domain.value_objects.ids import OrderId, ProductId, UserId
from app.domain.value_objects.order_fields import (
    CATALOG_CURRENCY,
    OrderRequestKey,
    OrderStatus,
    Quantity,
)
from app.domain.value_objects.product_fields import Price
from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.order import OrderLineModel, OrderModel
from app.infrastructure.persistence.money import cents_to_price, price_to_cents

_WITH_LINES = (joinedload(OrderModel.lines),)


class SqlaOrderDataMapper(OrderDataMapper):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # The rows this mapper added or loaded. The session's identity map
        # holds rows weakly: without these, a row added and committed would
        # be gone by the time update() looks for it, and loaded again.
        self._rows: dict[OrderId, OrderModel] = {}

    async def add(self, order: Order) -> None:
        row = OrderModel(
            id=order.id,
            user_id=order.user_id,
            request_key=order.request_key.value,
            total_cents=price_to_cents(order.total),
            currency=CATALOG_CURRENCY,
            lines=[
                OrderLineModel(
                    product_id=line.product_id,
                    position=position,
                    quantity=line.quantity.value,
                    unit_price_cents=price_to_cents(line.unit_price.amount),
                )
                for position, line in enumerate(order.lines)
            ],
        )
        _copy_state_to_row(order, row)
        self._session.add(row)
        self._keep(row)

    async def get_by_id(self, order_id: OrderId) -> Order | None:
        row = await self._load(order_id)
        return None if row is None else _to_domain(row)

    async def get_by_request_key(
        self, user_id: UserId, request_key: OrderRequestKey
    ) -> Order | None:
        row = await self._first(
            OrderModel.user_id == user_id,
            OrderModel.request_key == request_key.value,
        )
        return None if row is None else _to_domain(row)

    async def list_pending_payment(
        self, older_than: timedelta, limit: int
    ) -> list[Order]:
        placed_before = datetime.now(UTC) - older_than
        query = (
            select(OrderModel)
            .where(
                OrderModel.status == OrderStatus.PENDING_PAYMENT.value,
                OrderModel.placed_at < placed_before,
            )
            .order_by(OrderModel.placed_at)
            .limit(limit)
        )
        try:
            rows = list(await self._session.scalars(query))
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
        orders = [_to_domain(row) for row in rows]
        # Out of the identity map: get_by_id reads each again, as it is then.
        for row in rows:
            self._session.expunge(row)
        return orders

    async def update(self, order: Order) -> None:
        row = await self._load(order.id)
        if row is None:
            raise DataMapperError(f"Order {order.id} was never loaded or added.")
        _copy_state_to_row(order, row)

    async def _load(self, order_id: OrderId) -> OrderModel | None:
        # A row this session already holds (added, or loaded by get_by_id)
        # comes from its identity map, without a query; else the order comes
        # with its lines in one query (joined), not two (selectin).
        try:
            row = await self._session.get(OrderModel, order_id, options=_WITH_LINES)
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
        return self._keep(row)

    async def _first(self, *criteria: ColumnElement[bool]) -> OrderModel | None:
        # Lines come with the order (selectin): the entity is whole or absent.
        try:
            result = await self._session.scalars(select(OrderModel).where(*criteria))
            return self._keep(result.first())
        except DATABASE_ERRORS as err:
            raise DataMapperError from err

    def _keep(self, row: OrderModel | None) -> OrderModel | None:
        if row is not None:
            self._rows[OrderId(row.id)] = row
        return row


def _copy_state_to_row(order: Order, row: OrderModel) -> None:
    row.status = order.status.value
    row.payment_id = order.payment_id


def _to_domain(row: OrderModel) -> Order:
    return Order(
        id=OrderId(row.id),
        user_id=UserId(row.user_id),
        request_key=OrderRequestKey(row.request_key),
        lines=tuple(
            OrderLine(
                product_id=ProductId(line.product_id),
                quantity=Quantity(line.quantity),
                unit_price=Price(cents_to_price(line.unit_price_cents)),
            )
            for line in row.lines
        ),
        status=OrderStatus(row.status),
        payment_id=row.payment_id,
    )
