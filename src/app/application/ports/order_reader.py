from typing import Protocol
from uuid import UUID

from app.application.common.pagination import Page, Pagination
from app.application.query_models.order_view import OrderView


class OrderReader(Protocol):
    """Answers order queries with OrderView query models (the read side).

    Every method raises ReaderError when the store fails.
    """

    async def get_order(self, order_id: UUID) -> OrderView | None:
        """The order with its lines, or None when no order has this id."""
        ...

    async def list_orders(
        self, user_id: UUID, pagination: Pagination
    ) -> Page[OrderView]:
        """One page of the user's orders, newest first."""
        ...
