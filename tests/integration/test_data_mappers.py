"""SqlaUserDataMapper against the real databases, and the id generator."""

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.entities.user import User
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import UserId
from app.domain.value_objects.password import PasswordHash
from app.domain.value_objects.user_role import UserRole
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from app.infrastructure.adapters.sqla_user_data_mapper import SqlaUserDataMapper
from app.infrastructure.adapters.uuid4_id_generator import Uuid4IdGenerator
from app.infrastructure.exceptions import DataMapperError
from tests.integration.factories import SessionFactory, load_user, new_user, store_users


def user_fields(user: User) -> tuple[object, ...]:
    return (
        user.id,
        user.email.value,
        user.password_hash.value,
        user.role,
        user.is_active,
    )


# --- ids --------------------------------------------------------------------


def test_uuid4_id_generator_hands_out_distinct_version_4_uuids() -> None:
    generator = Uuid4IdGenerator()

    ids = [generator.new_id() for _ in range(1000)]

    assert all(isinstance(new_id, uuid.UUID) for new_id in ids)
    assert {new_id.version for new_id in ids} == {4}
    assert len(set(ids)) == len(ids)


# --- users ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "is_active"), [(UserRole.USER, True), (UserRole.ADMIN, False)]
)
async def test_committed_user_reads_back_with_every_field(
    session: AsyncSession,
    session_factory: SessionFactory,
    role: UserRole,
    is_active: bool,
) -> None:
    user = new_user("  Alice.Smith@Example.COM ", role=role, is_active=is_active)
    await SqlaUserDataMapper(session).add(user)
    await SqlaTransaction(session).commit()

    loaded = await load_user(session_factory, user.id)

    assert loaded is not None
    assert loaded is not user
    assert user_fields(loaded) == user_fields(user)
    assert loaded.email.value == "alice.smith@example.com"
    assert loaded.role is role
    assert loaded.is_active is is_active


async def test_user_is_found_by_email_in_any_case(
    session_factory: SessionFactory,
) -> None:
    user = new_user("bob@example.com")
    await store_users(session_factory, user, new_user("carol@example.com"))

    async with session_factory() as session:
        found = await SqlaUserDataMapper(session).get_by_email(Email("BOB@Example.com"))

    assert found is not None
    assert user_fields(found) == user_fields(user)


async def test_unknown_user_is_none(
    session: AsyncSession, session_factory: SessionFactory
) -> None:
    await store_users(session_factory, new_user("someone@example.com"))
    mapper = SqlaUserDataMapper(session)

    assert await mapper.get_by_id(UserId(uuid.uuid4())) is None
    assert await mapper.get_by_email(Email("nobody@example.com")) is None


async def test_user_update_persists_every_changed_field(
    session_factory: SessionFactory,
) -> None:
    user = new_user("dave@example.com")
    await store_users(session_factory, user)

    async with session_factory() as session:
        mapper = SqlaUserDataMapper(session)
        loaded = await mapper.get_by_id(user.id)
        assert loaded is not None
        loaded.promote_to_admin()
        loaded.change_password_hash(PasswordHash("$argon2id$new-hash"))
        loaded.email = Email("Dave.New@Example.com")
        await mapper.update(loaded)
        await SqlaTransaction(session).commit()

    reloaded = await load_user(session_factory, user.id)
    assert reloaded is not None
    assert user_fields(reloaded) == (
        user.id,
        "dave.new@example.com",
        "$argon2id$new-hash",
        UserRole.ADMIN,
        True,
    )

    async with session_factory() as session:
        mapper = SqlaUserDataMapper(session)
        loaded = await mapper.get_by_id(user.id)
        assert loaded is not None
        loaded.deactivate()
        await mapper.update(loaded)
        await SqlaTransaction(session).commit()

    reloaded = await load_user(session_factory, user.id)
    assert reloaded is not None
    assert reloaded.is_active is False
    assert reloaded.role is UserRole.ADMIN


async def test_updating_a_user_that_was_never_stored_is_a_data_mapper_error(
    session: AsyncSession,
) -> None:
    with pytest.raises(DataMapperError):
        await SqlaUserDataMapper(session).update(new_user("ghost@example.com"))


async def test_uncommitted_user_is_invisible_to_others_and_lost_on_close(
    session_factory: SessionFactory,
) -> None:
    user = new_user("eve@example.com")

    async with session_factory() as writer:
        await SqlaUserDataMapper(writer).add(user)
        # Flushed: the row is in the open transaction, not yet committed.
        await SqlaTransaction(writer).flush()
        assert await SqlaUserDataMapper(writer).get_by_id(user.id) is not None

        async with session_factory() as other:
            other_mapper = SqlaUserDataMapper(other)
            assert await other_mapper.get_by_id(user.id) is None
            assert await other_mapper.get_by_email(user.email) is None

    assert await load_user(session_factory, user.id) is None


async def test_uncommitted_user_update_is_lost_on_close(
    session_factory: SessionFactory,
) -> None:
    user = new_user("frank@example.com")
    await store_users(session_factory, user)

    async with session_factory() as session:
        mapper = SqlaUserDataMapper(session)
        loaded = await mapper.get_by_id(user.id)
        assert loaded is not None
        loaded.deactivate()
        await mapper.update(loaded)
        await SqlaTransaction(session).flush()

    reloaded = await load_user(session_factory, user.id)
    assert reloaded is not None
    assert reloaded.is_active is True
