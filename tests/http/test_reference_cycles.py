"""A request leaves no reference cycle behind (see
tests/support/reference_cycles.py for why and how it is counted): the core's
routes here, each aggregate's in its own tests."""

from fastapi import FastAPI
from httpx import AsyncClient

from tests.support.reference_cycles import caller, repeated


async def test_a_signed_in_read_leaves_no_cycle(
    app: FastAPI, user: AsyncClient
) -> None:
    call = caller(app, user)

    found = await repeated(lambda _: call("GET", "/api/v1/users/me"))

    assert not found, found


async def test_a_readiness_check_leaves_no_cycle(
    app: FastAPI, user: AsyncClient
) -> None:
    call = caller(app, user)

    found = await repeated(lambda _: call("GET", "/health/ready"))

    assert not found, found
