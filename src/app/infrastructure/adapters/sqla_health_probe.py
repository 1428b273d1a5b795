import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.application.ports.health_probe import HealthProbe
from app.infrastructure.persistence.database import DATABASE_ERRORS

_PROBE_TIMEOUT_SECONDS = 2.0


class SqlaHealthProbe(HealthProbe):
    """Healthy when the database answers ``SELECT 1`` within two seconds."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def is_healthy(self) -> bool:
        try:
            async with asyncio.timeout(_PROBE_TIMEOUT_SECONDS):
                async with self._engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
        except DATABASE_ERRORS:
            return False
        return True
