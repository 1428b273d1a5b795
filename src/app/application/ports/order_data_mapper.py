from datetime import timedelta
from typing import Protocol

from app.domain.entities.order import Order
from app.domain.value_objects.ids import OrderId, UserId
from app.domain.value_objects.order_fields import OrderRequestKey


class OrderDataMapper(Protocol):
    """Loads and stores Order entities, lines included, for commands.

    Changes become visible to others only after TransactionManager.commit.
    A second order with the same user and request key is refused with
    OrderRequestKeyTakenError, by add or at the latest by the commit (an
    implementation may write when called or when committed), and the unit
    of work is rolled back. Every method raises DataMapperError when the
    store fails.
    """

    async def add(self, order: Order) -> None: ...

    async def get_by_id(self, order_id: OrderId) -> Order | None:
        """The order, or None when no order has this id."""
        ...

    async def get_by_request_key(
        self, user_id: UserId, request_key: OrderRequestKey
    ) -> Order | None:
        """The order this user placed with this key, or None."""
        ...

    async def list_pending_payment(
        self, older_than: timedelta, limit: int
    ) -> list[Order]:
        """Orders still pending payment that were placed more than
        ``older_than`` ago, oldest first, at most ``limit``. A later get_by_id
        of one of them reads it again (it may have changed meanwhile)."""
        ...

    async def update(self, order: Order) -> None:
        """Stores the order's status and payment; its lines never change."""
        ...
