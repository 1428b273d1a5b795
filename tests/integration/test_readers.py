"""SqlaUserReader: pages, stable sorting."""

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.query_models.user_view import UserSortField, UserView
from app.domain.entities.user import User
from app.domain.value_objects.user_role import UserRole
from app.infrastructure.adapters.sqla_user_reader import SqlaUserReader
from tests.integration.factories import SessionFactory, new_user, store_users
from tests.integration.sorting import SortKey, expected_ids

# Emails are lower-case ASCII words so that every collation (SQLite's binary
# one, PostgreSQL's locale) sorts them alike. Roles repeat, so the id must
# break ties.
USERS = [
    ("alpha@example.com", UserRole.USER, True),
    ("bravo@example.com", UserRole.ADMIN, True),
    ("charlie@example.com", UserRole.USER, False),
    ("delta@example.com", UserRole.USER, True),
    ("echo@example.com", UserRole.ADMIN, False),
]


@pytest.fixture
async def users(session_factory: SessionFactory) -> list[User]:
    people = [
        new_user(email, role=role, is_active=active) for email, role, active in USERS
    ]
    await store_users(session_factory, *people)
    return people


def user_id(user: User) -> uuid.UUID:
    return user.id


def user_key(field: UserSortField) -> Callable[[User], SortKey]:
    return {
        UserSortField.EMAIL: lambda u: u.email.value,
        UserSortField.ROLE: lambda u: u.role.value,
    }[field]


async def test_get_user_returns_the_view(
    session: AsyncSession, users: list[User]
) -> None:
    echo = users[4]

    view = await SqlaUserReader(session).get_user(echo.id)

    assert view == UserView(
        id=echo.id, email="echo@example.com", role="admin", is_active=False
    )


async def test_get_unknown_user_is_none(
    session: AsyncSession, users: list[User]
) -> None:
    assert await SqlaUserReader(session).get_user(uuid.uuid4()) is None


@pytest.mark.parametrize("field", list(UserSortField))
@pytest.mark.parametrize("order", list(SortOrder))
async def test_user_pages_follow_the_sort_without_overlap_or_gap(
    session: AsyncSession,
    users: list[User],
    field: UserSortField,
    order: SortOrder,
) -> None:
    reader = SqlaUserReader(session)
    expected = expected_ids(users, user_key(field), user_id, order)
    seen: list[uuid.UUID] = []

    for offset in range(0, len(users), 2):
        page = await reader.list_users(Pagination(2, offset), field, order)
        assert page.total == len(users)
        assert (page.limit, page.offset) == (2, offset)
        seen.extend(item.id for item in page.items)

    assert seen == expected


async def test_user_views_carry_every_field(
    session: AsyncSession, users: list[User]
) -> None:
    page = await SqlaUserReader(session).list_users(
        Pagination(100, 0), UserSortField.EMAIL, SortOrder.ASC
    )

    assert page.items == [
        UserView(
            id=user.id,
            email=user.email.value,
            role=user.role.value,
            is_active=user.is_active,
        )
        for user in users
    ]
    assert page.total == len(users)


async def test_user_offset_past_the_end_is_an_empty_page_with_the_total(
    session: AsyncSession, users: list[User]
) -> None:
    page = await SqlaUserReader(session).list_users(
        Pagination(5, 50), UserSortField.EMAIL, SortOrder.ASC
    )

    assert page == Page(items=[], total=len(users), limit=5, offset=50)
