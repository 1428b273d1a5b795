"""Throwaway databases: a migrated SQLite copy per test, a PostgreSQL one per run."""

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


async def create_postgres_database() -> str:
    """A new, empty database on the test server; its asyncpg URL."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    try:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as err:
        service_unavailable(f"PostgreSQL at {POSTGRES_ADMIN_URL} is unreachable: {err}")
        raise
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
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


async def empty_all_tables(url: str) -> None:
    engine = create_engine(DatabaseConfig(url=url))
    try:
        async with engine.begin() as connection:
            # Connections the test left (an app's background task cancelled
            # while it connected or queried at shutdown leaves its cleanup to
            # the test's event loop, which does not run while a sync fixture
            # tears down) would hold their locks, and TRUNCATE would wait
            # for them for ever.
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid()"
                )
            )
            names = ", ".join(table.name for table in Base.metadata.sorted_tables)
            await connection.execute(text(f"TRUNCATE {names} CASCADE"))
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
