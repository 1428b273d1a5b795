from uuid import UUID

from pydantic import BaseModel

from app.application.common.pagination import Page
from app.application.query_models.user_view import UserSortField, UserView
from app.presentation.http.schemas.common import PageParams


class UserResponse(BaseModel):
    id: UUID
    email: str
    role: str
    is_active: bool

    @classmethod
    def of(cls, view: UserView) -> "UserResponse":
        return cls(
            id=view.id, email=view.email, role=view.role, is_active=view.is_active
        )


class UserPageResponse(BaseModel):
    items: list[UserResponse]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, page: Page[UserView]) -> "UserPageResponse":
        return cls(
            items=[UserResponse.of(user) for user in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )


class UserListParams(PageParams):
    sort_by: UserSortField = UserSortField.EMAIL
