"""SqlaTransaction: unique violations become domain conflicts on both engines.

SQLite reports the violated columns in its message, PostgreSQL names the
constraint; both paths must reach the same domain error.
"""

from uuid import uuid4

import pytest
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.exceptions import (
    ConflictError,
    EmailAlreadyRegisteredError,
    ValueTakenError,
)
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import UserId
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from app.infrastructure.adapters.sqla_user_data_mapper import SqlaUserDataMapper
from app.infrastructure.auth.session_tokens import utc_now
from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.constraint_errors import CONFLICT_BY_CONSTRAINT
from app.infrastructure.persistence.models.auth_session import AuthSessionModel
from tests.integration.conflicts import STEPS, Step, assert_conflict
from tests.integration.factories import SessionFactory, load_user, new_user, store_users


@STEPS
async def test_duplicate_email_is_email_already_registered(
    session: AsyncSession, session_factory: SessionFactory, step: Step
) -> None:
    first = new_user("alice@example.com")
    await store_users(session_factory, first)
    bystander = new_user("bystander@example.com")
    users = SqlaUserDataMapper(session)
    transaction = SqlaTransaction(session)
    await users.add(bystander)
    # Another case of the same address: Email lower-cases it.
    await users.add(new_user("Alice@Example.COM"))

    with pytest.raises(EmailAlreadyRegisteredError) as raised:
        await step(transaction)

    assert_conflict(raised.value, EmailAlreadyRegisteredError)
    # Rolled back: nothing of the failed unit of work is stored ...
    assert await load_user(session_factory, bystander.id) is None
    # ... and the session goes on working.
    found = await users.get_by_email(Email("alice@example.com"))
    assert found is not None
    assert found.id == first.id
    later = new_user("bob@example.com")
    await users.add(later)
    await transaction.commit()
    assert await load_user(session_factory, later.id) is not None


@STEPS
async def test_a_unique_column_no_map_names_is_value_taken(
    session: AsyncSession,
    session_factory: SessionFactory,
    step: Step,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As a scaffolded entity's unique field: in no CONFLICT_BY_CONSTRAINT.
    monkeypatch.delitem(CONFLICT_BY_CONSTRAINT, "uq_users_email")
    await store_users(session_factory, new_user("alice@example.com"))
    users = SqlaUserDataMapper(session)
    await users.add(new_user("alice@example.com"))

    with pytest.raises(ValueTakenError) as raised:
        await step(SqlaTransaction(session))

    assert_conflict(raised.value, ValueTakenError)
    assert raised.value.fields == ("email",)
    assert str(raised.value) == "The email given is taken."


@STEPS
async def test_duplicate_email_within_one_unit_of_work_is_a_conflict(
    session: AsyncSession, session_factory: SessionFactory, step: Step
) -> None:
    users = SqlaUserDataMapper(session)
    one = new_user("twin@example.com")
    await users.add(one)
    await users.add(new_user("twin@example.com"))

    with pytest.raises(EmailAlreadyRegisteredError) as raised:
        await step(SqlaTransaction(session))

    assert_conflict(raised.value, EmailAlreadyRegisteredError)
    assert await load_user(session_factory, one.id) is None


@STEPS
async def test_changing_email_to_a_registered_one_is_a_conflict(
    session: AsyncSession, session_factory: SessionFactory, step: Step
) -> None:
    alice = new_user("alice@example.com")
    bob = new_user("bob@example.com")
    await store_users(session_factory, alice, bob)
    users = SqlaUserDataMapper(session)
    loaded = await users.get_by_id(bob.id)
    assert loaded is not None
    loaded.email = Email("ALICE@example.com")
    await users.update(loaded)

    with pytest.raises(EmailAlreadyRegisteredError) as raised:
        await step(SqlaTransaction(session))

    assert_conflict(raised.value, EmailAlreadyRegisteredError)
    reloaded = await load_user(session_factory, bob.id)
    assert reloaded is not None
    assert reloaded.email.value == "bob@example.com"


@STEPS
async def test_other_integrity_errors_are_data_mapper_errors(
    session: AsyncSession, session_factory: SessionFactory, step: Step
) -> None:
    """A broken foreign key is no domain conflict: the store refused the data."""
    session.add(
        AuthSessionModel(id="0" * 64, user_id=UserId(uuid4()), expires_at=utc_now())
    )
    transaction = SqlaTransaction(session)

    with pytest.raises(DataMapperError) as raised:
        await step(transaction)

    assert type(raised.value) is DataMapperError
    assert isinstance(raised.value.__cause__, IntegrityError)
    # Rolled back and usable.
    user = new_user("after@example.com")
    await SqlaUserDataMapper(session).add(user)
    await transaction.commit()
    assert await load_user(session_factory, user.id) is not None


async def test_commit_without_changes_succeeds(session: AsyncSession) -> None:
    transaction = SqlaTransaction(session)

    await transaction.flush()
    await transaction.commit()


async def test_no_sqlalchemy_error_escapes_a_conflict(
    session: AsyncSession, session_factory: SessionFactory
) -> None:
    await store_users(session_factory, new_user("alice@example.com"))
    await SqlaUserDataMapper(session).add(new_user("alice@example.com"))

    with pytest.raises(ConflictError) as raised:
        await SqlaTransaction(session).commit()

    assert not isinstance(raised.value, SQLAlchemyError)
