import asyncio
import logging
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

logger = logging.getLogger(__name__)


@asynccontextmanager
async def running(*jobs: Coroutine[Any, Any, None]) -> AsyncIterator[None]:
    """Runs each job as a task while the block runs; cancels them when it
    exits and waits until they have stopped (their sessions closed,
    their connections too)."""
    tasks = [asyncio.create_task(job) for job in jobs]
    for task in tasks:
        task.add_done_callback(_report_crash)
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _report_crash(task: asyncio.Task[None]) -> None:
    # The jobs retry every failure themselves: ending is a bug, and without
    # this it would go unnoticed until shutdown.
    if not task.cancelled() and task.exception() is not None:
        logger.error(
            "background job %s stopped", task.get_coro(), exc_info=task.exception()
        )
