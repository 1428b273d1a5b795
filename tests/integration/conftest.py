from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.infrastructure.persistence.database import (
    DatabaseConfig,
    create_engine,
    create_session_factory,
)
from tests.integration.factories import SessionFactory

# Nothing listens on port 1: connecting is refused at once.
UNREACHABLE_URL = "postgresql+asyncpg://postgres@127.0.0.1:1/none"


@pytest.fixture
async def unreachable_engine() -> AsyncIterator[AsyncEngine]:
    engine = create_engine(DatabaseConfig(url=UNREACHABLE_URL, timeout=1))
    yield engine
    await engine.dispose()


@pytest.fixture
def unreachable_factory(unreachable_engine: AsyncEngine) -> SessionFactory:
    return create_session_factory(unreachable_engine)


@pytest.fixture
async def unreachable_session(
    unreachable_factory: SessionFactory,
) -> AsyncIterator[AsyncSession]:
    async with unreachable_factory() as session:
        yield session
