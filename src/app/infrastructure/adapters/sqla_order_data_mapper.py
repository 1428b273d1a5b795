from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import groupby
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Row,
    Select,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

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
from app.infrastructure.persistence.failed_writes import abandon_unit_of_work
from app.infrastructure.persistence.models.base import table_of
from app.infrastructure.persistence.models.order import OrderLineModel, OrderModel
from app.infrastructure.persistence.money import cents_to_price, price_to_cents

# Every placement writes an order and its lines, marks it paid, and its
# fulfilment reads it and marks it fulfilled: through the ORM's unit of work
# (objects tracked, changes found and flushed at commit) that cost about
# twice the CPU of the same statements. Here each is built once, on the
# tables, and runs when called, in the session's transaction.
_ORDERS = table_of(OrderModel)
_LINES = table_of(OrderLineModel)
_INSERT_ORDER = insert(_ORDERS)
_INSERT_LINES = insert(_LINES)
_UPDATE = (
    update(_ORDERS)
    .where(_ORDERS.c.id == bindparam("order_id"))
    .values(status=bindparam("new_status"), payment_id=bindparam("new_payment_id"))
)


def _orders_with_lines(*criteria: ColumnElement[bool]) -> Select[Any]:
    """The orders ``criteria`` select, each with its lines in one query: a
    row per line (an order without lines, one row with empty line columns),
    an order's rows together and its lines in their order."""
    return (
        select(
            _ORDERS.c.id,
            _ORDERS.c.user_id,
            _ORDERS.c.request_key,
            _ORDERS.c.status,
            _ORDERS.c.payment_id,
            _LINES.c.product_id,
            _LINES.c.quantity,
            _LINES.c.unit_price_cents,
        )
        .select_from(_ORDERS.outerjoin(_LINES, _LINES.c.order_id == _ORDERS.c.id))
        .where(*criteria)
    )


_BY_ID = _orders_with_lines(_ORDERS.c.id == bindparam("order_id")).order_by(
    _LINES.c.position
)
_BY_REQUEST_KEY = _orders_with_lines(
    _ORDERS.c.user_id == bindparam("user_id"),
    _ORDERS.c.request_key == bindparam("request_key"),
).order_by(_LINES.c.position)
_OLDEST_PENDING = (
    select(_ORDERS.c.id)
    .where(
        _ORDERS.c.status == OrderStatus.PENDING_PAYMENT.value,
        _ORDERS.c.placed_at < bindparam("placed_before"),
    )
    .order_by(_ORDERS.c.placed_at)
    .limit(bindparam("limit"))
)
_PENDING = _orders_with_lines(
    _ORDERS.c.id.in_(_OLDEST_PENDING.scalar_subquery())
).order_by(_ORDERS.c.placed_at, _ORDERS.c.id, _LINES.c.position)


class SqlaOrderDataMapper(OrderDataMapper):
    """Orders as rows of orders and order_lines, read and written by Core
    statements in the request's session (a scaffolded data mapper uses the
    ORM's unit of work; this is that, measured and made cheaper for the
    service's hottest write). A new order is inserted by add, so a second
    order with the same user and request key is refused there (rolled
    back, OrderRequestKeyTakenError), before the commit."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, order: Order) -> None:
        try:
            await self._session.execute(_INSERT_ORDER, _order_row(order))
            if lines := _line_rows(order):
                await self._session.execute(_INSERT_LINES, lines)
        except DATABASE_ERRORS as err:
            await abandon_unit_of_work(self._session, err)

    async def get_by_id(self, order_id: OrderId) -> Order | None:
        orders = await self._read(_BY_ID, {"order_id": order_id})
        return orders[0] if orders else None

    async def get_by_request_key(
        self, user_id: UserId, request_key: OrderRequestKey
    ) -> Order | None:
        parameters = {"user_id": user_id, "request_key": request_key.value}
        orders = await self._read(_BY_REQUEST_KEY, parameters)
        return orders[0] if orders else None

    async def list_pending_payment(
        self, older_than: timedelta, limit: int
    ) -> list[Order]:
        placed_before = datetime.now(UTC) - older_than
        parameters = {"placed_before": placed_before, "limit": limit}
        return await self._read(_PENDING, parameters)

    async def update(self, order: Order) -> None:
        parameters = {
            "order_id": order.id,
            "new_status": order.status.value,
            "new_payment_id": order.payment_id,
        }
        try:
            result: CursorResult[Any] = await self._session.execute(  # type: ignore[assignment]
                _UPDATE, parameters
            )
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
        if result.rowcount == 0:
            raise DataMapperError(f"Order {order.id} was never stored.")

    async def _read(
        self, statement: Select[Any], parameters: dict[str, object]
    ) -> list[Order]:
        try:
            rows = (await self._session.execute(statement, parameters)).all()
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
        return [
            _to_domain(list(order_rows))
            for _, order_rows in groupby(rows, key=lambda row: row.id)
        ]


def _order_row(order: Order) -> dict[str, object]:
    return {
        "id": order.id,
        "user_id": order.user_id,
        "request_key": order.request_key.value,
        "status": order.status.value,
        "payment_id": order.payment_id,
        "total_cents": price_to_cents(order.total),
        "currency": CATALOG_CURRENCY,
        "placed_at": datetime.now(UTC),
    }


def _line_rows(order: Order) -> list[dict[str, object]]:
    return [
        {
            "order_id": order.id,
            "product_id": line.product_id,
            "position": position,
            "quantity": line.quantity.value,
            "unit_price_cents": price_to_cents(line.unit_price.amount),
        }
        for position, line in enumerate(order.lines)
    ]


def _to_domain(rows: Sequence[Row[*tuple[Any, ...]]]) -> Order:
    """The order the rows of _orders_with_lines hold for one order."""
    first = rows[0]
    return Order(
        id=OrderId(first.id),
        user_id=UserId(first.user_id),
        request_key=OrderRequestKey(first.request_key),
        lines=tuple(
            OrderLine(
                product_id=ProductId(row.product_id),
                quantity=Quantity(row.quantity),
                unit_price=Price(cents_to_price(row.unit_price_cents)),
            )
            for row in rows
            if row.product_id is not None
        ),
        status=OrderStatus(first.status),
        payment_id=first.payment_id,
    )
