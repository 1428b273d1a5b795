import time

from sqlalchemy.ext.asyncio import AsyncEngine

from app.infrastructure.adapters.sqla_health_probe import SqlaHealthProbe


async def test_healthy_when_the_database_answers(engine: AsyncEngine) -> None:
    assert await SqlaHealthProbe(engine).is_healthy() is True


async def test_unhealthy_within_two_seconds_when_the_database_is_away(
    unreachable_engine: AsyncEngine,
) -> None:
    probe = SqlaHealthProbe(unreachable_engine)
    started = time.monotonic()

    healthy = await probe.is_healthy()

    assert healthy is False
    assert time.monotonic() - started < 2.5
