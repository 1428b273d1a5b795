import time
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.infrastructure.adapters.sqla_health_probe import (
    SchemaRevision,
    SqlaHealthProbe,
)
from setup.migrations import head_revisions

AT_HEAD = SchemaRevision(heads=head_revisions())


async def test_healthy_when_the_database_answers(engine: AsyncEngine) -> None:
    assert await SqlaHealthProbe(engine, AT_HEAD).is_healthy() is True


async def test_unhealthy_when_the_database_is_not_migrated_to_head(
    engine: AsyncEngine,
) -> None:
    await _set_revisions(engine, {"0001"})
    try:
        healthy = await SqlaHealthProbe(engine, AT_HEAD).is_healthy()
    finally:
        # The PostgreSQL database is shared by the run: put its revision back.
        await _set_revisions(engine, AT_HEAD.heads)

    assert healthy is False


async def _set_revisions(engine: AsyncEngine, revisions: Iterable[str]) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("DELETE FROM alembic_version"))
        for revision in revisions:
            await connection.execute(
                text("INSERT INTO alembic_version (version_num) VALUES (:revision)"),
                {"revision": revision},
            )


async def test_unhealthy_within_two_seconds_when_the_database_is_away(
    unreachable_engine: AsyncEngine,
) -> None:
    probe = SqlaHealthProbe(unreachable_engine, AT_HEAD)
    started = time.monotonic()

    healthy = await probe.is_healthy()

    assert healthy is False
    assert time.monotonic() - started < 2.5
