from typing import Protocol
from uuid import UUID

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.query_models.user_view import UserSortField, UserView


class UserReader(Protocol):
    """Answers user queries with UserView query models (the read side).

    Every method raises ReaderError when the store fails.
    """

    async def get_user(self, user_id: UUID) -> UserView | None:
        """The user, or None when no user has this id."""
        ...

    async def list_users(
        self, pagination: Pagination, sort_by: UserSortField, order: SortOrder
    ) -> Page[UserView]:
        """One page of users in a stable order."""
        ...
