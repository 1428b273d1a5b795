from dataclasses import dataclass, field

from app.application.common.pagination import Page, Pagination
from app.application.ports.order_reader import OrderReader
from app.application.query_models.order_view import OrderView
from app.application.services.current_user import CurrentUser


@dataclass(frozen=True, slots=True)
class ListOrdersQuery:
    pagination: Pagination = field(default_factory=Pagination)


class ListOrders:
    """One page of the current user's orders, newest first.

    Raises AuthenticationError.
    """

    def __init__(self, current_user: CurrentUser, reader: OrderReader) -> None:
        self._current_user = current_user
        self._reader = reader

    async def execute(self, query: ListOrdersQuery) -> Page[OrderView]:
        user = await self._current_user.get()
        return await self._reader.list_orders(user.id, query.pagination)
