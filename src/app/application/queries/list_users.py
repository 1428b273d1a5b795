from dataclasses import dataclass, field

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.ports.user_reader import UserReader
from app.application.query_models.user_view import UserSortField, UserView
from app.application.services.current_user import CurrentUser


@dataclass(frozen=True, slots=True)
class ListUsersQuery:
    pagination: Pagination = field(default_factory=Pagination)
    sort_by: UserSortField = UserSortField.EMAIL
    order: SortOrder = SortOrder.ASC


class ListUsers:
    """One page of all users (admins only).

    Raises AuthenticationError, AuthorizationError.
    """

    def __init__(self, current_user: CurrentUser, reader: UserReader) -> None:
        self._current_user = current_user
        self._reader = reader

    async def execute(self, query: ListUsersQuery) -> Page[UserView]:
        await self._current_user.require_admin()
        return await self._reader.list_users(
            query.pagination, query.sort_by, query.order
        )
