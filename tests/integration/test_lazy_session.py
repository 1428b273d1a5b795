"""LazyAsyncSession (the session factory's class): a session nothing uses
makes no ORM Session and takes no connection; the first use makes it, and it
then behaves as an AsyncSession, on both engines."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_session

from app.infrastructure.persistence.lazy_session import LazyAsyncSession
from tests.integration.factories import SessionFactory


async def test_an_unused_session_is_not_made_and_holds_no_connection(
    session_factory: SessionFactory, engine: AsyncEngine
) -> None:
    session = session_factory()

    assert isinstance(session, LazyAsyncSession)
    assert not session.is_made
    assert not session.in_transaction()
    assert "sync_session" not in vars(session)
    assert engine.sync_engine.pool.checkedout() == 0


async def test_the_first_statement_makes_it_an_ordinary_session(
    session_factory: SessionFactory, engine: AsyncEngine
) -> None:
    session = session_factory()

    assert (await session.execute(text("SELECT 2"))).scalar_one() == 2
    assert session.is_made
    assert session.in_transaction()
    assert session.bind is engine
    # SQLAlchemy finds the AsyncSession of its ORM Session (async_session()).
    assert async_session(session.sync_session) is session
    await session.close()
    assert not session.in_transaction()
    assert engine.sync_engine.pool.checkedout() == 0


async def test_it_works_as_a_context_manager_with_a_transaction(
    session_factory: SessionFactory,
) -> None:
    async with session_factory() as session, session.begin():
        assert (await session.execute(text("SELECT 3"))).scalar_one() == 3

    assert isinstance(session, AsyncSession)
    assert not session.in_transaction()
