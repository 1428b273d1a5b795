from dataclasses import dataclass
from uuid import UUID

from app.application.ports.order_reader import OrderReader
from app.application.query_models.order_view import OrderView
from app.application.services.current_user import CurrentUser
from app.domain.exceptions import OrderNotFoundError
from app.domain.value_objects.user_role import UserRole


@dataclass(frozen=True, slots=True)
class GetOrderQuery:
    order_id: UUID


class GetOrder:
    """One order, for the user who placed it or an admin.

    Raises AuthenticationError, OrderNotFoundError (also for someone else's
    order: its existence is not disclosed).
    """

    def __init__(self, current_user: CurrentUser, reader: OrderReader) -> None:
        self._current_user = current_user
        self._reader = reader

    async def execute(self, query: GetOrderQuery) -> OrderView:
        user = await self._current_user.get()
        order = await self._reader.get_order(query.order_id)
        if order is None or (order.user_id != user.id and user.role != UserRole.ADMIN):
            raise OrderNotFoundError
        return order
