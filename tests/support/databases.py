"""Throwaway databases. Migrations run once per test run, into templates:
each test gets a copy of a migrated SQLite file, each worker a PostgreSQL
database made from the migrated template database (CREATE DATABASE ...
TEMPLATE), which tests share one after another and empty after each."""

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from app.infrastructure.persistence.database import (
    DatabaseConfig,
    create_engine,
    create_session_factory,
)
from app.infrastructure.persistence.models import Base
from setup.migrations import upgrade_to_head
from tests.support.services import POSTGRES_ADMIN_URL, service_unavailable


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def migrated_sqlite_copy(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return sqlite_url(target)


async def create_postgres_database(template: str | None = None) -> str:
    """A new database on the test server, empty or a copy of the database
    `template` (a URL; nobody may be connected to it); its asyncpg URL."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    copied = f' TEMPLATE "{make_url(template).database}"' if template else ""
    try:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as err:
        service_unavailable(f"PostgreSQL at {POSTGRES_ADMIN_URL} is unreachable: {err}")
        raise
    try:
        await connection.execute(f'CREATE DATABASE "{name}"{copied}')
    finally:
        await connection.close()
    url = make_url(POSTGRES_ADMIN_URL).set(
        drivername="postgresql+asyncpg", database=name
    )
    return url.render_as_string(hide_password=False)


async def drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def migrate(url: str) -> None:
    await asyncio.to_thread(upgrade_to_head, url)


def migrated_postgres_template() -> str:
    """A new PostgreSQL database migrated to head, to copy (its URL)."""
    url = asyncio.run(create_postgres_database())
    upgrade_to_head(url)
    return url


async def empty_all_tables(url: str) -> None:
    """Deletes every row of the app's tables. DELETE, dependents first: on
    the few rows a test leaves it takes a millisecond where TRUNCATE, which
    makes new files for every table, takes 15 to 150."""
    engine = create_engine(DatabaseConfig(url=url))
    try:
        async with engine.begin() as connection:
            # Connections the test left (an app's background task cancelled
            # while it connected or queried at shutdown leaves its cleanup to
            # the test's event loop, which does not run while a sync fixture
            # tears down) would hold their locks, and the deletes would wait
            # for them for ever. This worker's database: no one else's.
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid()"
                )
            )
            for table in reversed(Base.metadata.sorted_tables):
                await connection.execute(table.delete())
    finally:
        await engine.dispose()


@asynccontextmanager
async def open_session(url: str) -> AsyncIterator[AsyncSession]:
    """A session on its own engine, disposed of afterwards."""
    engine = create_engine(DatabaseConfig(url=url))
    try:
        async with create_session_factory(engine)() as session:
            yield session
    finally:
        await engine.dispose()
