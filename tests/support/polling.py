"""Waiting for something another task does, when nothing signals it (a row
committed by the relay, a message arriving in a queue)."""

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest

POLL_SECONDS = 0.01


async def eventually(
    check: Callable[[], bool | Awaitable[bool]], *, within: float = 10.0
) -> None:
    """Returns once ``check()`` is true; fails the test after ``within``
    seconds."""
    for _ in range(max(1, round(within / POLL_SECONDS))):
        outcome = check()
        if outcome if isinstance(outcome, bool) else await outcome:
            return
        await asyncio.sleep(POLL_SECONDS)
    pytest.fail(f"not true within {within} s: {check}")


def wait_until(check: Callable[[], bool], *, within: float = 10.0) -> None:
    """``eventually`` for a test that is not async: blocks until ``check()``
    is true, fails the test after ``within`` seconds."""
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"not true within {within} s: {check}")
        time.sleep(POLL_SECONDS)
