from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.infrastructure.persistence.database import (
    DatabaseConfig,
    create_engine,
    create_session_factory,
)
from tests.integration.factories import SessionFactory
from tests.support.server_process import ServerProcess

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


ADMIN = {"email": "admin@example.com", "password": "admin-password"}
USER = {"email": "user@example.com", "password": "user-password"}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    """`uvicorn setup.main:app` as a process of its own (not started yet),
    on the test's SQLite file, with ADMIN as its first admin."""
    process = ServerProcess(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
            "FILE_STORAGE_ROOT": str(tmp_path / "files"),
            "SESSION_COOKIE_SECURE": "false",
            "INITIAL_ADMIN_EMAIL": ADMIN["email"],
            "INITIAL_ADMIN_PASSWORD": ADMIN["password"],
            "ARGON2_MEMORY_COST_KIB": "1024",
            "ARGON2_TIME_COST": "1",
        },
        tmp_path / "server.log",
    )
    yield process
    process.stop()
