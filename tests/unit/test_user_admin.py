from uuid import UUID

import pytest

from app.application.commands.create_admin import CreateAdminCommand
from app.application.commands.deactivate_user import DeactivateUserCommand
from app.application.commands.log_in import LogInCommand
from app.application.common.pagination import Pagination, SortOrder
from app.application.exceptions import (
    AuthenticationError,
    AuthorizationError,
    InvalidCredentialsError,
)
from app.application.queries.list_users import ListUsersQuery
from app.application.query_models.user_view import UserSortField, UserView
from app.domain.entities.user import User
from app.domain.exceptions import (
    DomainValidationError,
    SelfDeactivationError,
    UserNotFoundError,
)
from app.domain.value_objects.email import Email
from app.domain.value_objects.user_role import UserRole
from tests.unit.fakes import fake_hash
from tests.unit.world import PASSWORD, World

# DeactivateUser


async def test_deactivate_user_needs_an_admin(world: World) -> None:
    user = world.add_user("user@example.com")
    target = world.add_user("target@example.com")
    with pytest.raises(AuthorizationError):
        await (
            world.request(user)
            .deactivate_user()
            .execute(DeactivateUserCommand(target.id))
        )
    assert world.stored_user(target.id).is_active


async def test_deactivate_user_needs_authentication(world: World) -> None:
    target = world.add_user("target@example.com")
    with pytest.raises(AuthenticationError):
        await (
            world.request().deactivate_user().execute(DeactivateUserCommand(target.id))
        )
    assert world.stored_user(target.id).is_active


async def test_a_deactivated_admin_cannot_deactivate_anyone(world: World) -> None:
    admin = world.add_user("admin@example.com", role=UserRole.ADMIN, is_active=False)
    target = world.add_user("target@example.com")
    with pytest.raises(AuthenticationError):
        await (
            world.request(admin)
            .deactivate_user()
            .execute(DeactivateUserCommand(target.id))
        )
    assert world.stored_user(target.id).is_active


async def test_deactivate_unknown_user(world: World) -> None:
    admin = world.add_admin()
    with pytest.raises(UserNotFoundError):
        await (
            world.request(admin)
            .deactivate_user()
            .execute(DeactivateUserCommand(UUID(int=999)))
        )


async def test_an_admin_cannot_deactivate_themself(world: World) -> None:
    admin = world.add_admin()
    session = world.add_session(admin)
    with pytest.raises(SelfDeactivationError):
        await (
            world.request(admin, session=session)
            .deactivate_user()
            .execute(DeactivateUserCommand(admin.id))
        )
    assert world.stored_user(admin.id).is_active
    assert world.store.sessions_of(admin.id) == {session}


async def test_deactivate_user_ends_all_their_sessions(world: World) -> None:
    admin = world.add_admin()
    admin_session = world.add_session(admin)
    target = world.add_user("target@example.com")
    world.add_session(target)
    world.add_session(target)

    await (
        world.request(admin, session=admin_session)
        .deactivate_user()
        .execute(DeactivateUserCommand(target.id))
    )

    assert not world.stored_user(target.id).is_active
    assert world.store.sessions_of(target.id) == set()
    assert world.store.sessions_of(admin.id) == {admin_session}
    assert world.store.commits == 1
    with pytest.raises(InvalidCredentialsError):
        await (
            world.request()
            .log_in()
            .execute(LogInCommand("target@example.com", PASSWORD))
        )


# CreateAdmin


async def test_create_admin_creates_an_active_admin(world: World) -> None:
    admin_id = (
        await world.request()
        .create_admin()
        .execute(CreateAdminCommand(" Root@Example.com", "root-password"))
    )
    stored = world.stored_user(admin_id)
    assert stored.email.value == "root@example.com"
    assert stored.role is UserRole.ADMIN
    assert stored.is_active
    assert stored.password_hash == fake_hash("root-password")


async def test_create_admin_is_idempotent(world: World) -> None:
    command = CreateAdminCommand("root@example.com", "root-password")
    first = await world.request().create_admin().execute(command)
    second = (
        await world.request()
        .create_admin()
        .execute(CreateAdminCommand("root@example.com", "other-password"))
    )
    assert second == first
    assert list(world.store.users) == [first]
    assert world.stored_user(first).password_hash == fake_hash("root-password")


async def test_create_admin_finds_the_admin_another_process_just_created(
    world: World,
) -> None:
    # Apps starting together: another one commits the admin between this
    # one's look-up and its commit.
    request = world.request()
    look_up = request.users.get_by_email

    async def then_created_elsewhere(email: Email) -> User | None:
        found = await look_up(email)
        if not world.store.users:
            world.add_admin("root@example.com")
        return found

    request.users.get_by_email = then_created_elsewhere  # type: ignore[method-assign]

    admin_id = await request.create_admin().execute(
        CreateAdminCommand("root@example.com", "root-password")
    )

    [stored] = world.store.users.values()
    assert admin_id == stored.id
    assert stored.role is UserRole.ADMIN


async def test_create_admin_promotes_and_reactivates_an_existing_user(
    world: World,
) -> None:
    user = world.add_user("someone@example.com", is_active=False)
    admin_id = (
        await world.request()
        .create_admin()
        .execute(CreateAdminCommand("SOMEONE@example.com", "ignored-password"))
    )
    assert admin_id == user.id
    stored = world.stored_user(user.id)
    assert stored.role is UserRole.ADMIN
    assert stored.is_active
    assert stored.password_hash == fake_hash(PASSWORD)
    assert len(world.store.users) == 1


async def test_create_admin_rejects_an_invalid_email(world: World) -> None:
    with pytest.raises(DomainValidationError):
        await (
            world.request()
            .create_admin()
            .execute(CreateAdminCommand("root", "root-password"))
        )
    assert world.store.users == {}


# ListUsers


async def test_list_users_needs_an_admin(world: World) -> None:
    user = world.add_user("user@example.com")
    with pytest.raises(AuthorizationError):
        await world.request(user).list_users().execute(ListUsersQuery())
    with pytest.raises(AuthenticationError):
        await world.request().list_users().execute(ListUsersQuery())


async def test_list_users_pages_through_users_sorted_by_email(world: World) -> None:
    admin = world.add_admin("admin@example.com")
    world.add_user("carol@example.com")
    world.add_user("bob@example.com", is_active=False)
    world.add_user("dave@example.com")

    page = (
        await world.request(admin)
        .list_users()
        .execute(ListUsersQuery(pagination=Pagination(limit=2, offset=1)))
    )

    assert page.total == 4
    assert (page.limit, page.offset) == (2, 1)
    assert [view.email for view in page.items] == [
        "bob@example.com",
        "carol@example.com",
    ]
    assert page.items[0].is_active is False


async def test_list_users_by_role_descending(world: World) -> None:
    admin = world.add_admin("zed@example.com")
    world.add_user("amy@example.com")
    page = (
        await world.request(admin)
        .list_users()
        .execute(ListUsersQuery(sort_by=UserSortField.ROLE, order=SortOrder.DESC))
    )
    assert [view.role for view in page.items] == ["user", "admin"]


# GetCurrentUser


async def test_get_current_user_returns_the_callers_account(world: World) -> None:
    user = world.add_user("me@example.com")
    view = await world.request(user).get_current_user().execute()
    assert view == UserView(
        id=user.id, email="me@example.com", role="user", is_active=True
    )


async def test_get_current_user_refuses_a_deactivated_user(world: World) -> None:
    user = world.add_user("me@example.com", is_active=False)
    with pytest.raises(AuthenticationError):
        await world.request(user).get_current_user().execute()


async def test_get_current_user_refuses_an_identity_without_a_user(
    world: World,
) -> None:
    ghost = world.add_user("ghost@example.com")
    del world.store.users[ghost.id]
    with pytest.raises(AuthenticationError):
        await world.request(ghost).get_current_user().execute()
    with pytest.raises(AuthenticationError):
        await world.request().get_current_user().execute()
