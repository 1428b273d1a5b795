"""An adapter's call with the database unreachable: it must fail at once,
with exactly the adapter's error, chained to the cause."""

import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.infrastructure.exceptions import InfrastructureError
from tests.integration.factories import SessionFactory

# Refused connections fail in milliseconds; allow generous slack for CI.
QUICKLY = 2.0

Call = Callable[[AsyncSession, SessionFactory], Awaitable[Any]]


async def assert_fails_quickly(
    call: Awaitable[Any], error: type[InfrastructureError]
) -> None:
    """``call`` raises exactly ``error``, caused by the driver's, quickly."""
    started = time.monotonic()

    with pytest.raises(error) as raised:
        await call

    elapsed = time.monotonic() - started
    assert type(raised.value) is error, repr(raised.value)
    assert raised.value.__cause__ is not None
    assert elapsed < QUICKLY
