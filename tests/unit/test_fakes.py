"""The fakes keep the promises of the ports; the use-case tests rely on them."""

from uuid import UUID

import pytest

from app.application.common.pagination import Pagination, SortOrder
from app.application.exceptions import AuthenticationError
from app.application.query_models.user_view import UserSortField
from app.domain.entities.user import User
from app.domain.events.user_registered import UserRegistered
from app.domain.exceptions import EmailAlreadyRegisteredError
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import UserId
from app.domain.value_objects.password import RawPassword
from tests.unit.fakes import FakeIdentityProvider, FakePasswordHasher, fake_hash
from tests.unit.world import World


async def test_changes_are_invisible_until_commit_and_lost_without_it(
    world: World,
) -> None:
    user = world.add_user("old@example.com")
    request = world.request()
    loaded = await request.users.get_by_id(user.id)
    assert loaded is not None
    loaded.email = Email("new@example.com")
    assert world.stored_user(user.id).email.value == "old@example.com"
    await request.users.update(loaded)
    assert world.stored_user(user.id).email.value == "old@example.com"
    view = await request.user_reader.get_user(user.id)
    assert view is not None
    assert view.email == "old@example.com"
    await request.transaction.commit()
    assert world.stored_user(user.id).email.value == "new@example.com"


async def test_mutating_a_loaded_entity_changes_nothing_without_update(
    world: World,
) -> None:
    user = world.add_user("old@example.com")
    request = world.request()
    loaded = await request.users.get_by_id(user.id)
    assert loaded is not None
    loaded.email = Email("changed@example.com")
    await request.transaction.commit()
    assert world.stored_user(user.id).email.value == "old@example.com"


async def test_update_of_an_entity_never_loaded_is_refused(world: World) -> None:
    user = world.add_user("someone@example.com")
    with pytest.raises(LookupError):
        await world.request().users.update(user)


async def test_duplicate_email_fails_the_commit_and_drops_the_whole_unit_of_work(
    world: World,
) -> None:
    taken = world.add_user("taken@example.com")
    other = world.add_user("other@example.com")
    request = world.request()
    loaded = await request.users.get_by_id(other.id)
    assert loaded is not None
    loaded.email = Email("TAKEN@example.com")
    await request.users.update(loaded)
    await request.session_issuer.start_session(other.id)
    with pytest.raises(EmailAlreadyRegisteredError):
        await request.transaction.commit()
    assert world.stored_user(other.id).email.value == "other@example.com"
    assert world.stored_user(taken.id).email.value == "taken@example.com"
    assert world.store.sessions == {}
    assert world.store.commits == 0
    await request.transaction.commit()  # the failed unit of work is gone
    assert world.stored_user(other.id).email.value == "other@example.com"


async def test_flush_reports_a_duplicate_email(world: World) -> None:
    world.add_user("taken@example.com")
    second = world.add_user("other@example.com")
    request = world.request()
    loaded = await request.users.get_by_id(second.id)
    assert loaded is not None
    loaded.email = Email("taken@example.com")
    await request.users.update(loaded)
    with pytest.raises(EmailAlreadyRegisteredError):
        await request.transaction.flush()
    await request.transaction.commit()
    assert world.stored_user(second.id).email.value == "other@example.com"


async def test_readers_break_ties_by_id_ascending_and_descending(world: World) -> None:
    first = world.add_user("b@example.com")
    second = world.add_user("a@example.com")
    third = world.add_user("c@example.com")
    reader = world.request().user_reader
    asc = await reader.list_users(Pagination(), UserSortField.ROLE, SortOrder.ASC)
    desc = await reader.list_users(Pagination(), UserSortField.ROLE, SortOrder.DESC)
    expected = [first.id, second.id, third.id]
    assert [view.id for view in asc.items] == expected
    assert [view.id for view in desc.items] == expected


async def test_identity_provider_without_a_user_raises() -> None:
    with pytest.raises(AuthenticationError):
        await FakeIdentityProvider(None).current_user_id()


async def test_password_hasher_verifies_only_the_hashed_password() -> None:
    hasher = FakePasswordHasher()
    password_hash = await hasher.hash(RawPassword("password-one"))
    assert "password-one" not in password_hash.value
    assert await hasher.verify(RawPassword("password-one"), password_hash)
    assert not await hasher.verify(RawPassword("password-two"), password_hash)


async def test_outbox_events_are_stored_by_the_commit_and_dropped_with_a_failed_one(
    world: World,
) -> None:
    world.add_user("taken@example.com")
    stored = UserRegistered(user_id=UserId(UUID(int=100)), email="new@example.com")
    dropped = UserRegistered(user_id=UserId(UUID(int=101)), email="taken@example.com")
    request = world.request()
    await request.outbox.add(stored)
    assert world.store.events == []
    await request.transaction.commit()

    failing = world.request()
    await failing.users.add(
        User(
            id=dropped.user_id,
            email=Email(dropped.email),
            password_hash=fake_hash("whatever"),
        )
    )
    await failing.outbox.add(dropped)
    with pytest.raises(EmailAlreadyRegisteredError):
        await failing.transaction.commit()

    assert world.store.events == [stored]
