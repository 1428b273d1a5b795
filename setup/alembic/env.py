"""Alembic environment: migrations run on the configured async engine."""

import asyncio
from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import TypeDecorator, text
from sqlalchemy.engine import Connection

from app.infrastructure.persistence.database import DatabaseConfig, create_engine
from app.infrastructure.persistence.models import Base
from setup.config import Settings

config = context.config
if config.config_file_name is not None and config.attributes.get(
    "configure_logger", True
):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

database_url: str = config.attributes.get("database_url") or Settings().database_url
# Seconds to wait for the server; upgrade_to_head passes DATABASE_TIMEOUT_SECONDS.
timeout: float = config.attributes.get("database_timeout", 5.0)

# The PostgreSQL advisory lock migrations hold: any number, the same in
# every process of this service.
MIGRATION_LOCK = 7_340_112_205


def _render_item(kind: str, obj: Any, _context: AutogenContext) -> str | Literal[False]:
    # Migrations must not import the app: write custom column types as the
    # plain SQLAlchemy type they store.
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def _configure(connection: Connection | None = None) -> None:
    context.configure(
        connection=connection,
        url=None if connection else database_url,
        target_metadata=Base.metadata,
        # SQLite alters tables by copying them; batch mode does that for us.
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
        literal_binds=connection is None,
    )


def _run_with(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Processes starting together (the app, the worker, replicas)
            # each migrate at startup: one at a time, so the later ones find
            # the schema at head instead of creating the same tables again.
            # Held until this transaction (the whole migration) ends.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
            )
        context.run_migrations()


async def _run_online() -> None:
    # A failure is reported by whoever runs the migration, not as an outage.
    engine = create_engine(
        DatabaseConfig(url=database_url, timeout=timeout, log_outages=False)
    )
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_with)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    _configure()
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
