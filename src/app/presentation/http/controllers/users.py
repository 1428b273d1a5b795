from uuid import UUID

from dishka.integrations.fastapi import FromDishka
from fastapi import status
from fastapi_error_map import ErrorAwareRouter

from app.application.commands.deactivate_user import (
    DeactivateUser,
    DeactivateUserCommand,
)
from app.application.common.pagination import Pagination
from app.application.queries.get_current_user import GetCurrentUser
from app.application.queries.list_users import ListUsers, ListUsersQuery
from app.presentation.http.errors.rules import (
    ADMIN_ONLY,
    AUTHENTICATED,
    CONFLICT,
    NOT_FOUND,
    STORAGE,
    error_map,
)
from app.presentation.http.query_models import FromQuery
from app.presentation.http.route import Route
from app.presentation.http.schemas.users import (
    UserListParams,
    UserPageResponse,
    UserResponse,
)

router = ErrorAwareRouter(prefix="/api/v1/users", tags=["users"], route_class=Route)


@router.get("/me", error_map=error_map(AUTHENTICATED, STORAGE))
async def get_me(get_current_user: FromDishka[GetCurrentUser]) -> UserResponse:
    return UserResponse.of(await get_current_user.execute())


@router.get("", error_map=error_map(ADMIN_ONLY, STORAGE))
async def list_users(
    params: FromQuery[UserListParams], list_users: FromDishka[ListUsers]
) -> UserPageResponse:
    """All users, a page at a time (admins only)."""
    page = await list_users.execute(
        ListUsersQuery(
            pagination=Pagination(limit=params.limit, offset=params.offset),
            sort_by=params.sort_by,
            order=params.order,
        )
    )
    return UserPageResponse.of(page)


@router.post(
    "/{user_id}/deactivate",
    status_code=status.HTTP_204_NO_CONTENT,
    error_map=error_map(ADMIN_ONLY, NOT_FOUND, CONFLICT, STORAGE),
)
async def deactivate_user(
    user_id: UUID, deactivate_user: FromDishka[DeactivateUser]
) -> None:
    """Deactivates the user and ends all their sessions (admins only)."""
    await deactivate_user.execute(DeactivateUserCommand(user_id))
