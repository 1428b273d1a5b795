"""Periodic jobs: each handler of the service resolves outside a request, a
job goes on through failures, and an outage is logged once, not per run."""

import asyncio
import logging
from pathlib import Path

import pytest
from dishka import Provider, Scope, make_async_container, provide

from app.infrastructure.exceptions import DataMapperError
from setup.ioc.registry import make_container
from setup.jobs import periodic_jobs
from setup.messaging.periodic_job import PeriodicJob, run_periodically
from tests.support.databases import sqlite_url
from tests.support.polling import eventually
from tests.support.settings import settings_for


async def test_every_job_of_the_service_resolves_outside_a_request(
    tmp_path: Path,
) -> None:
    settings = settings_for(sqlite_url(tmp_path / "app.db"))
    container = make_container(settings)
    try:
        async with container() as scope:
            for job in periodic_jobs(settings):
                assert isinstance(await scope.get(job.handler), job.handler)
    finally:
        await container.close()


class Flaky:
    """Fails with an infrastructure error on the runs ``failing`` names."""

    runs = 0
    failing: frozenset[int] = frozenset({1, 2, 3, 6})

    async def execute(self) -> None:
        Flaky.runs += 1
        if Flaky.runs in Flaky.failing:
            raise DataMapperError("the database is away")


class FlakyProvider(Provider):
    job = provide(Flaky, scope=Scope.REQUEST)


async def test_an_outage_is_logged_once_and_its_end_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    container = make_async_container(FlakyProvider())
    job = PeriodicJob(Flaky, every_seconds=0.001, name="flaky")
    Flaky.runs = 0

    with caplog.at_level(logging.INFO, logger="setup.messaging.periodic_job"):
        task = asyncio.create_task(run_periodically(container, job))
        await eventually(lambda: Flaky.runs >= 8)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    lines = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert [level for level, _ in lines] == ["WARNING", "INFO", "WARNING", "INFO"]
    assert lines[0][1].startswith("flaky failed (the database is away")
    assert lines[1][1] == "flaky works again"
