import pytest

from app.application.commands.change_password import ChangePasswordCommand
from app.application.commands.log_in import LogInCommand
from app.application.commands.sign_up import SignUpCommand
from app.application.exceptions import AuthenticationError, InvalidCredentialsError
from app.domain.events.user_registered import UserRegistered
from app.domain.exceptions import DomainValidationError, EmailAlreadyRegisteredError
from app.domain.value_objects.user_role import UserRole
from tests.unit.fakes import fake_hash
from tests.unit.world import PASSWORD, World

# SignUp


async def test_sign_up_stores_a_user_with_a_hashed_password(world: World) -> None:
    user_id = (
        await world.request()
        .sign_up()
        .execute(SignUpCommand(email=" New@Example.com ", password="s3cret-pass"))
    )
    stored = world.stored_user(user_id)
    assert stored.email.value == "new@example.com"
    assert stored.password_hash == fake_hash("s3cret-pass")
    assert "s3cret-pass" not in stored.password_hash.value
    assert stored.role is UserRole.USER
    assert stored.is_active
    assert world.store.commits == 1


async def test_sign_up_records_user_registered_in_the_same_commit(
    world: World,
) -> None:
    request = world.request()

    user_id = await request.sign_up().execute(
        SignUpCommand(email=" New@Example.com ", password="s3cret-pass")
    )

    assert world.store.events == [
        UserRegistered(user_id=user_id, email="new@example.com")
    ]
    assert world.store.commits == 1


async def test_sign_up_with_a_registered_email_stores_nothing(world: World) -> None:
    existing = world.add_user("taken@example.com")
    with pytest.raises(EmailAlreadyRegisteredError):
        await (
            world.request()
            .sign_up()
            .execute(SignUpCommand(email="TAKEN@example.com", password="another-pass"))
        )
    assert list(world.store.users) == [existing.id]
    assert world.stored_user(existing.id).password_hash == fake_hash(PASSWORD)
    assert world.store.events == []
    assert world.store.commits == 0


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [("not-an-email", "long enough", "email"), ("ok@example.com", "short", "password")],
)
async def test_sign_up_with_invalid_input_stores_nothing(
    world: World, email: str, password: str, field: str
) -> None:
    with pytest.raises(DomainValidationError) as caught:
        await world.request().sign_up().execute(SignUpCommand(email, password))
    assert caught.value.field == field
    assert world.store.users == {}
    assert world.store.events == []


# LogIn


async def test_log_in_starts_a_session_and_commits(world: World) -> None:
    user = world.add_user("user@example.com")
    request = world.request()
    await request.log_in().execute(LogInCommand("USER@example.com ", PASSWORD))
    assert len(request.session_issuer.issued) == 1
    assert world.store.sessions_of(user.id) == set(request.session_issuer.issued)
    assert world.store.commits == 1


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("nobody@example.com", PASSWORD),
        ("user@example.com", "wrong password"),
        ("inactive@example.com", PASSWORD),
        ("not an email", PASSWORD),
        ("user@example.com", "short"),
    ],
    ids=["unknown-email", "wrong-password", "deactivated", "bad-email", "bad-pass"],
)
async def test_log_in_refuses_without_telling_why(
    world: World, email: str, password: str
) -> None:
    world.add_user("user@example.com")
    world.add_user("inactive@example.com", is_active=False)
    request = world.request()
    with pytest.raises(InvalidCredentialsError):
        await request.log_in().execute(LogInCommand(email, password))
    assert request.session_issuer.issued == []
    assert world.store.sessions == {}


# LogOut


async def test_log_out_needs_authentication(world: World) -> None:
    user = world.add_user("user@example.com")
    session = world.add_session(user)
    with pytest.raises(AuthenticationError):
        await world.request(session=session).log_out().execute()
    assert world.store.sessions_of(user.id) == {session}


async def test_log_out_revokes_only_the_current_session(world: World) -> None:
    user = world.add_user("user@example.com")
    current = world.add_session(user)
    other_device = world.add_session(user)
    await world.request(user, session=current).log_out().execute()
    assert world.store.sessions_of(user.id) == {other_device}
    assert world.store.commits == 1


# ChangePassword


async def test_change_password_with_a_wrong_current_password_changes_nothing(
    world: World,
) -> None:
    user = world.add_user("user@example.com")
    session = world.add_session(user)
    with pytest.raises(InvalidCredentialsError):
        await (
            world.request(user, session=session)
            .change_password()
            .execute(ChangePasswordCommand("not my password", "brand-new-pass"))
        )
    assert world.stored_user(user.id).password_hash == fake_hash(PASSWORD)
    assert world.store.sessions_of(user.id) == {session}


async def test_change_password_treats_an_impossible_current_password_as_wrong(
    world: World,
) -> None:
    user = world.add_user("user@example.com")
    with pytest.raises(InvalidCredentialsError):
        await (
            world.request(user)
            .change_password()
            .execute(ChangePasswordCommand("short", "brand-new-pass"))
        )
    assert world.stored_user(user.id).password_hash == fake_hash(PASSWORD)


async def test_change_password_replaces_the_hash_and_all_sessions(
    world: World,
) -> None:
    user = world.add_user("user@example.com")
    other = world.add_user("other@example.com")
    current = world.add_session(user)
    world.add_session(user)
    others_session = world.add_session(other)
    request = world.request(user, session=current)

    await request.change_password().execute(
        ChangePasswordCommand(PASSWORD, "brand-new-pass")
    )

    assert world.stored_user(user.id).password_hash == fake_hash("brand-new-pass")
    assert len(request.session_issuer.issued) == 1
    assert world.store.sessions_of(user.id) == set(request.session_issuer.issued)
    assert world.store.sessions_of(other.id) == {others_session}
    assert world.store.commits == 1


async def test_after_a_password_change_only_the_new_password_logs_in(
    world: World,
) -> None:
    user = world.add_user("user@example.com")
    await (
        world.request(user)
        .change_password()
        .execute(ChangePasswordCommand(PASSWORD, "brand-new-pass"))
    )
    with pytest.raises(InvalidCredentialsError):
        await (
            world.request().log_in().execute(LogInCommand("user@example.com", PASSWORD))
        )
    await (
        world.request()
        .log_in()
        .execute(LogInCommand("user@example.com", "brand-new-pass"))
    )


async def test_change_password_rejects_a_too_short_new_password(
    world: World,
) -> None:
    user = world.add_user("user@example.com")
    session = world.add_session(user)
    with pytest.raises(DomainValidationError) as caught:
        await (
            world.request(user, session=session)
            .change_password()
            .execute(ChangePasswordCommand(PASSWORD, "short"))
        )
    assert caught.value.field == "password"
    assert world.stored_user(user.id).password_hash == fake_hash(PASSWORD)
    assert world.store.sessions_of(user.id) == {session}


async def test_change_password_needs_authentication(world: World) -> None:
    with pytest.raises(AuthenticationError):
        await (
            world.request()
            .change_password()
            .execute(ChangePasswordCommand(PASSWORD, "brand-new-pass"))
        )
