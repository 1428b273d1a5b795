"""Use cases run every so often in the background (setup/jobs.py lists
them), each run in a scope of its own, as consumers handle messages."""

import asyncio
import logging
from dataclasses import dataclass
from typing import Protocol

from dishka import AsyncContainer

from app.infrastructure.exceptions import InfrastructureError

logger = logging.getLogger(__name__)


class Job(Protocol):
    async def execute(self) -> object: ...


@dataclass(frozen=True, slots=True)
class PeriodicJob:
    """Runs ``handler`` (resolved from the container for each run) now and
    then every ``every_seconds`` after a run ends."""

    handler: type[Job]
    every_seconds: float
    name: str

    def __post_init__(self) -> None:
        if self.every_seconds <= 0:
            raise ValueError(f"{self.name}: every_seconds must be positive")


async def run_periodically(container: AsyncContainer, job: PeriodicJob) -> None:
    """Runs the job until cancelled. A run failing with an
    InfrastructureError (a service away) is logged once, at WARNING, until
    a run succeeds again (one line then): one outage, two lines, however
    many runs it lasted. Any other failure (a bug) is logged with its
    traceback each time. Either way the job goes on."""
    failing = False
    while True:
        try:
            async with container() as scope:
                handler = await scope.get(job.handler)
                await handler.execute()
        except InfrastructureError as err:
            if not failing:
                logger.warning(
                    "%s failed (%s; %r); trying again every %.3g s",
                    job.name,
                    err,
                    err.__cause__,
                    job.every_seconds,
                )
            failing = True
        except Exception:
            logger.exception("%s failed", job.name)
        else:
            if failing:
                logger.info("%s works again", job.name)
            failing = False
        await asyncio.sleep(job.every_seconds)
