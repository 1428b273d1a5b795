import asyncio
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.application.ports.health_probe import HealthProbe
from app.infrastructure.persistence.database import DATABASE_ERRORS

_PROBE_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class SchemaRevision:
    """The migration revisions the code needs the database at (Alembic's
    heads, one per branch); empty skips the check."""

    heads: frozenset[str]


class SqlaHealthProbe(HealthProbe):
    """Healthy when the database answers within two seconds and its schema
    is at the revision the code needs (a database not yet migrated cannot
    serve this code)."""

    def __init__(self, engine: AsyncEngine, schema: SchemaRevision) -> None:
        self._engine = engine
        self._schema = schema

    async def is_healthy(self) -> bool:
        try:
            async with asyncio.timeout(_PROBE_TIMEOUT_SECONDS):
                async with self._engine.connect() as connection:
                    if not self._schema.heads:
                        await connection.execute(text("SELECT 1"))
                        return True
                    revisions = await connection.scalars(
                        text("SELECT version_num FROM alembic_version")
                    )
                    applied = frozenset(revisions)
        except DATABASE_ERRORS:
            # Unreachable, or no alembic_version table (never migrated).
            return False
        return applied == self._schema.heads
