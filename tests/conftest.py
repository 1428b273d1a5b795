"""Fixtures every test directory shares, and how the suite runs in parallel.

`python3 scripts/dev.py test` runs pytest in one worker process per core
(pytest-xdist, `--dist loadscope`: a worker takes a whole module, so a
module-scoped fixture is made once). To keep workers apart:

- databases: `database_url` (both engines), `postgres_database`,
  `postgres_url`, `sqlite_template`. Migrations run once per run, into a
  SQLite file and a PostgreSQL template database; each test gets a copy of
  the file, each worker a database made from the template and emptied after
  every test that used it.
- Redis: tests take `tests.support.backing_services.REDIS_URL`, a Redis
  database of the worker's own (`tests/support/workers.py`).
- RabbitMQ, S3, Redis keys of adapter tests: named per test (uuid4), so no
  worker can meet another's.
- files: `tmp_path` is per worker (and per test).
- copies of the repository (tests/scaffolding): `repository_copies`, per
  worker, reset by git between tests.

Something every worker needs alike and that costs seconds is made once per
run with `tests.support.workers.once_per_run`. A module taking tens of
seconds is marked `pytestmark = pytest.mark.expensive`: it is started first.
`-n 0` runs everything in this one process, as before.
"""

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
from setup.migrations import upgrade_to_head
from tests.support.databases import (
    create_postgres_database,
    drop_postgres_database,
    empty_all_tables,
    migrated_postgres_template,
    migrated_sqlite_copy,
    sqlite_url,
)
from tests.support.s3_server import S3Server, running_s3_server
from tests.support.stub_http_server import StubHttpServer
from tests.support.workers import is_controller, once_per_run, run_directory

POSTGRES_TEMPLATE = "postgres-template"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `expensive` (modules that take tens of seconds) first, in
    their order; then the rest in theirs.
    A worker starts the longest modules while the others take the short
    ones, so no worker is left alone with a long one at the end."""
    items.sort(key=lambda item: item.get_closest_marker("expensive") is None)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file for the whole run, made by the first worker
    that needs it; each test gets a copy (faster than migrating)."""
    directory = run_directory(tmp_path_factory)

    def make() -> str:
        path = directory / "template.db"
        upgrade_to_head(sqlite_url(path))
        return str(path)

    return Path(once_per_run(directory, "sqlite-template", make))


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """This worker's migrated PostgreSQL database: a copy of the run's
    template, which the first worker that needs one migrates."""
    template = once_per_run(
        run_directory(tmp_path_factory), POSTGRES_TEMPLATE, migrated_postgres_template
    )
    url = asyncio.run(create_postgres_database(template))
    try:
        yield url
    finally:
        asyncio.run(drop_postgres_database(url))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The run's controller drops the PostgreSQL template once every worker
    is done with it."""
    if not is_controller(session.config):
        return
    # The factory behind the tmp_path_factory fixture; in the controller its
    # base folder is the one the workers share (run_directory).
    stored = session.config._tmp_path_factory.getbasetemp() / f"{POSTGRES_TEMPLATE}.txt"
    if stored.exists():
        asyncio.run(drop_postgres_database(stored.read_text(encoding="utf-8")))


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
    # A plain fixture, like postgres_url: an async one could not ask for
    # another fixture from inside the running loop.
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
