import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from typing import Any

logger = logging.getLogger(__name__)


@asynccontextmanager
async def running(
    *jobs: Coroutine[Any, Any, None],
    stopping: Sequence[Callable[[], None]] = (),
    grace_seconds: float = 10.0,
) -> AsyncIterator[None]:
    """Runs each job as a task while the block runs. When it exits, calls
    each of ``stopping`` (the jobs' graceful stop: each job returns soon
    after) and gives the jobs up to ``grace_seconds`` to return; then
    cancels those still running and waits until they have stopped (their
    sessions closed, their connections too)."""
    tasks = [asyncio.create_task(job) for job in jobs]
    for task in tasks:
        task.add_done_callback(_report_crash)
    try:
        yield
    finally:
        for stop in stopping:
            stop()
        if stopping:
            await asyncio.wait(tasks, timeout=grace_seconds)
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
