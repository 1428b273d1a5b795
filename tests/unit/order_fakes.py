"""In-memory fake of the orders' data mapper (the demo), on the InMemoryStore
of tests/unit/fakes.py, with the same promises."""

from __future__ import annotations

import time
from copy import copy
from datetime import timedelta
from uuid import UUID

from app.application.ports.order_data_mapper import OrderDataMapper
from app.domain.entities.order import Order
from app.domain.value_objects.ids import OrderId, UserId
from app.domain.value_objects.order_fields import OrderRequestKey, OrderStatus
from tests.unit.fakes import Change, InMemoryStore, InMemoryTransaction


class InMemoryOrderDataMapper(OrderDataMapper):
    def __init__(self, store: InMemoryStore, transaction: InMemoryTransaction) -> None:
        self._store = store
        self._transaction = transaction
        self._known: set[UUID] = set()

    async def add(self, order: Order) -> None:
        self._known.add(order.id)
        self._transaction.stage(_put_order(copy(order)))

    async def get_by_id(self, order_id: OrderId) -> Order | None:
        return self._loaded(self._store.orders.get(order_id))

    async def get_by_request_key(
        self, user_id: UserId, request_key: OrderRequestKey
    ) -> Order | None:
        found = (
            order
            for order in self._store.orders.values()
            if (order.user_id, order.request_key) == (user_id, request_key)
        )
        return self._loaded(next(found, None))

    async def list_pending_payment(
        self, older_than: timedelta, limit: int
    ) -> list[Order]:
        placed_before = time.monotonic() - older_than.total_seconds()
        pending = sorted(
            (
                order
                for order in self._store.orders.values()
                if order.status is OrderStatus.PENDING_PAYMENT
                and self._store.placed_at[order.id] < placed_before
            ),
            key=lambda order: self._store.placed_at[order.id],
        )
        for order in pending[:limit]:
            self._known.add(order.id)
        return [copy(order) for order in pending[:limit]]

    async def update(self, order: Order) -> None:
        if order.id not in self._known:
            raise LookupError(f"Order {order.id} was never loaded or added.")
        self._transaction.stage(_put_order(copy(order)))

    def _loaded(self, order: Order | None) -> Order | None:
        if order is None:
            return None
        self._known.add(order.id)
        return copy(order)


def _put_order(order: Order) -> Change:
    def change(state: InMemoryStore) -> None:
        state.orders[order.id] = order
        state.placed_at.setdefault(order.id, time.monotonic())

    return change
