"""The database a process starts on: created when the server has none of
that name (as `rails db:prepare` does), then migrated to head."""

import asyncio

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine

from setup.config import Settings

# PostgreSQL's error codes: the database does not exist / already exists.
INVALID_CATALOG_NAME = "3D000"
_DUPLICATE_DATABASE = "42P04"
# Databases a role may connect to in order to create another one.
_MAINTENANCE_DATABASES = ("postgres", "template1")


class DatabaseNotCreatedError(Exception):
    """The server has no database of that name, and creating it failed."""

    def __init__(self, url: URL) -> None:
        super().__init__(f"database {url.database!r} does not exist")
        self.url = url


def prepare_on_startup(settings: Settings) -> None:
    """What the app and the worker do before they start: prepare the
    database, unless RUN_MIGRATIONS_ON_STARTUP=false (then they start
    without touching it, and /health/ready tells when it is ready)."""
    if settings.run_migrations_on_startup:
        prepare_database(settings)


def prepare_database(settings: Settings) -> None:
    """Creates the database when missing, then applies every migration."""
    # Alembic is imported only here and for /health/ready: every process that
    # imports the app without migrating (the scaffolder's check, the tests'
    # apps, RUN_MIGRATIONS_ON_STARTUP=false) is spared its import time.
    from setup.migrations import upgrade_to_head

    timeout = settings.database_timeout_seconds
    asyncio.run(create_database_if_missing(settings.database_url, timeout))
    upgrade_to_head(settings.database_url, timeout=timeout)


async def create_database_if_missing(database_url: str, wait_seconds: float) -> bool:
    """Creates the PostgreSQL database of ``database_url`` when the server
    answers that it does not exist; whether it did. SQLite creates its file
    on first use; other errors (unreachable, refused login) propagate."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return False
    try:
        await _execute(url, "SELECT 1", wait_seconds)
    except DBAPIError as err:
        if _sqlstate(err) != INVALID_CATALOG_NAME:
            raise
    else:
        return False
    await _create(url, wait_seconds)
    return True


async def _create(url: URL, wait_seconds: float) -> None:
    quoted = '"' + (url.database or "").replace('"', '""') + '"'
    last_error: BaseException | None = None
    for maintenance in _MAINTENANCE_DATABASES:
        try:
            await _execute(
                url.set(database=maintenance), f"CREATE DATABASE {quoted}", wait_seconds
            )
        except DBAPIError as err:
            if _sqlstate(err) == _DUPLICATE_DATABASE:
                return  # another process created it meanwhile
            last_error = err
            if _sqlstate(err) != INVALID_CATALOG_NAME:
                break  # refused (no CREATEDB): another database will not help
        else:
            return
    raise DatabaseNotCreatedError(url) from last_error


async def _execute(url: URL, statement: str, wait_seconds: float) -> None:
    # CREATE DATABASE cannot run inside a transaction.
    engine = create_async_engine(
        url, isolation_level="AUTOCOMMIT", connect_args={"timeout": wait_seconds}
    )
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def _sqlstate(err: DBAPIError) -> str | None:
    return sqlstate(err.orig)


def sqlstate(err: object) -> str | None:
    """PostgreSQL's error code of a driver error (asyncpg's, or SQLAlchemy's
    adapter of it), or None."""
    code = getattr(err, "sqlstate", None)
    return code if isinstance(code, str) else None
