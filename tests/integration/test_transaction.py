"""SqlaTransaction: unique violations become domain conflicts on both engines.

SQLite reports the violated columns in its message, PostgreSQL names the
constraint; both paths must reach the same domain error.
"""

from collections.abc import Awaitable, Callable
from uuid import uuid4

import pytest
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from app.domain.exceptions import (
    ConflictError,
    EmailAlreadyRegisteredError,
    ProductNameTakenError,
)
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import UserId
from app.domain.value_objects.product_fields import ProductName
from app.infrastructure.adapters.sqla_product_data_mapper import (
    SqlaProductDataMapper,
)
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from app.infrastructure.adapters.sqla_user_data_mapper import SqlaUserDataMapper
from app.infrastructure.auth.session_tokens import utc_now
from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.models.auth_session import AuthSessionModel
from tests.integration.factories import (
    SessionFactory,
    load_product,
    load_user,
    new_product,
    new_user,
    store_products,
    store_users,
)

Step = Callable[[SqlaTransaction], Awaitable[None]]


async def _flush(transaction: SqlaTransaction) -> None:
    await transaction.flush()


async def _commit(transaction: SqlaTransaction) -> None:
    await transaction.commit()


STEPS = pytest.mark.parametrize("step", [_flush, _commit], ids=["flush", "commit"])


def assert_conflict(raised: BaseException, expected: type[ConflictError]) -> None:
    assert type(raised) is expected
    assert isinstance(raised.__cause__, IntegrityError)


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
async def test_duplicate_product_name_is_product_name_taken(
    session: AsyncSession, session_factory: SessionFactory, step: Step
) -> None:
    first = new_product("anvil")
    await store_products(session_factory, first)
    bystander = new_product("bolt")
    products = SqlaProductDataMapper(session)
    transaction = SqlaTransaction(session)
    await products.add(bystander)
    await products.add(new_product("anvil", category="other", price="1.00"))

    with pytest.raises(ProductNameTakenError) as raised:
        await step(transaction)

    assert_conflict(raised.value, ProductNameTakenError)
    assert await load_product(session_factory, bystander.id) is None
    still = await products.get_by_id(first.id)
    assert still is not None
    assert still.name.value == "anvil"
    later = new_product("chisel")
    await products.add(later)
    await transaction.commit()
    assert await load_product(session_factory, later.id) is not None


@STEPS
async def test_renaming_a_product_to_a_taken_name_is_product_name_taken(
    session: AsyncSession, session_factory: SessionFactory, step: Step
) -> None:
    anvil = new_product("anvil")
    bolt = new_product("bolt")
    await store_products(session_factory, anvil, bolt)
    products = SqlaProductDataMapper(session)
    loaded = await products.get_by_id(bolt.id)
    assert loaded is not None
    loaded.name = ProductName("anvil")
    await products.update(loaded)

    with pytest.raises(ProductNameTakenError) as raised:
        await step(SqlaTransaction(session))

    assert_conflict(raised.value, ProductNameTakenError)
    reloaded = await load_product(session_factory, bolt.id)
    assert reloaded is not None
    assert reloaded.name.value == "bolt"


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
