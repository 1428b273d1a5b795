import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.infrastructure.persistence.database import (
    DatabaseConfig,
    create_engine,
    create_session_factory,
)
from tests.support.databases import (
    create_postgres_database,
    drop_postgres_database,
    empty_all_tables,
    migrate,
    migrated_sqlite_copy,
    sqlite_url,
)
from tests.support.s3_server import S3Server, running_s3_server
from tests.support.stub_http_server import StubHttpServer


@pytest.fixture(scope="session")
async def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; each test gets a copy (faster than migrating)."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    await migrate(sqlite_url(path))
    return path


@pytest.fixture(scope="session")
async def postgres_url() -> AsyncIterator[str]:
    """A migrated throwaway PostgreSQL database for the whole run."""
    url = await create_postgres_database()
    try:
        await migrate(url)
        yield url
    finally:
        await drop_postgres_database(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> Iterator[str]:
    """A migrated, empty database: each test runs once on SQLite, once on PostgreSQL."""
    if request.param == "sqlite":
        yield migrated_sqlite_copy(sqlite_template, tmp_path / "app.db")
        return
    yield request.getfixturevalue("postgres_database")


@pytest.fixture
def postgres_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """The run's migrated PostgreSQL database, emptied after the test."""
    # A plain fixture: an async one could not ask for the session-scoped
    # async postgres_url from inside the running loop.
    url: str = request.getfixturevalue("postgres_url")
    try:
        yield url
    finally:
        asyncio.run(empty_all_tables(url))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(DatabaseConfig(url=database_url))
    yield engine
    await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
async def session(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with session_factory() as session:
        yield session


@pytest.fixture
def stub_server() -> Iterator[StubHttpServer]:
    """A started loopback HTTP server (``stub_server.url``), stopped after the test."""
    with StubHttpServer() as server:
        yield server


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """moto's S3-compatible server on loopback, for the whole run; buckets
    of one test come from tests.support.s3_server.s3_bucket."""
    with running_s3_server() as server:
        yield server
