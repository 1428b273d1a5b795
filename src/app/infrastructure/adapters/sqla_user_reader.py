from typing import Any
from uuid import UUID

from sqlalchemy import Row, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.ports.user_reader import UserReader
from app.application.query_models.user_view import UserSortField, UserView
from app.infrastructure.exceptions import ReaderError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.base import table_of
from app.infrastructure.persistence.models.user import UserModel
from app.infrastructure.persistence.paging import fetch_page

_SORT_COLUMNS: dict[UserSortField, InstrumentedAttribute[Any]] = {
    UserSortField.EMAIL: UserModel.email,
    UserSortField.ROLE: UserModel.role,
}

_USERS = table_of(UserModel)
# The current user, read on every signed-in request: a plain row (no ORM
# object to make and track), by a statement built once.
_USER_ROW = select(
    _USERS.c.id, _USERS.c.email, _USERS.c.role, _USERS.c.is_active
).where(_USERS.c.id == bindparam("user_id"))


class SqlaUserReader(UserReader):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_user(self, user_id: UUID) -> UserView | None:
        try:
            result = await self._session.execute(_USER_ROW, {"user_id": user_id})
            row = result.one_or_none()
        except DATABASE_ERRORS as err:
            raise ReaderError from err
        return None if row is None else _to_view(row)

    async def list_users(
        self, pagination: Pagination, sort_by: UserSortField, order: SortOrder
    ) -> Page[UserView]:
        try:
            return await fetch_page(
                self._session,
                select(UserModel),
                _SORT_COLUMNS[sort_by],
                order,
                UserModel.id,
                pagination,
                _to_view,
            )
        except DATABASE_ERRORS as err:
            raise ReaderError from err


def _to_view(row: UserModel | Row[*tuple[Any, ...]]) -> UserView:
    return UserView(id=row.id, email=row.email, role=row.role, is_active=row.is_active)
