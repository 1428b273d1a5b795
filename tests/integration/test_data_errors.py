"""A value the database refuses is the request's fault, never an outage.

PostgreSQL refuses a NUL in text and a string longer than its column with a
"data exception" (SQLSTATE class 22). The engine turns those into
ValueNotStorableError (answered 422) for every adapter at once, where the
adapters would otherwise have wrapped them in DataMapperError/ReaderError,
a 503 telling the client to retry. SQLite stores such values, so these run
on PostgreSQL only.
"""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from app.application.exceptions import ValueNotStorableError
from app.domain.value_objects.email import Email
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from app.infrastructure.adapters.sqla_user_data_mapper import SqlaUserDataMapper
from app.infrastructure.persistence.database import (
    DATABASE_ERRORS,
    DatabaseConfig,
    create_engine,
    create_session_factory,
    is_data_error,
)
from tests.integration.factories import SessionFactory, new_user

pytestmark = pytest.mark.postgres


@pytest.fixture
async def pg_sessions(postgres_database: str) -> AsyncIterator[SessionFactory]:
    engine = create_engine(DatabaseConfig(url=postgres_database))
    yield create_session_factory(engine)
    await engine.dispose()


def _unchecked_email(value: str) -> Email:
    """An Email holding what the domain would refuse, as a missing check would."""
    email = Email("placeholder@example.com")
    object.__setattr__(email, "value", value)
    return email


async def test_a_nul_in_a_lookup_is_not_storable_not_an_outage(
    pg_sessions: SessionFactory,
) -> None:
    async with pg_sessions() as session:
        with pytest.raises(ValueNotStorableError) as caught:
            await SqlaUserDataMapper(session).get_by_email(
                _unchecked_email("a\x00b@example.com")
            )

    assert "0x00" in str(caught.value.__cause__)


async def test_a_value_too_long_for_its_column_fails_the_commit_as_not_storable(
    pg_sessions: SessionFactory,
) -> None:
    user = new_user()
    user.email = _unchecked_email("a" * 300 + "@example.com")
    async with pg_sessions() as session:
        await SqlaUserDataMapper(session).add(user)
        with pytest.raises(ValueNotStorableError):
            await SqlaTransaction(session).commit()

    # The database and the pool are fine: the next unit of work goes through.
    async with pg_sessions() as session:
        assert await session.scalar(text("SELECT 1")) == 1


async def test_a_failing_database_is_not_a_data_error() -> None:
    unreachable = create_engine(
        DatabaseConfig(url="postgresql+asyncpg://postgres@127.0.0.1:1/none", timeout=1)
    )
    try:
        with pytest.raises(DATABASE_ERRORS) as caught:
            async with unreachable.connect():
                pass
    finally:
        await unreachable.dispose()

    assert not is_data_error(caught.value)
