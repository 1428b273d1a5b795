"""A product page leaves no reference cycle behind (see
tests/support/reference_cycles.py)."""

from fastapi import FastAPI
from httpx import AsyncClient

from tests.http.test_products import create
from tests.support.reference_cycles import caller, repeated


async def test_a_cached_page_leaves_no_cycle(
    app: FastAPI, admin: AsyncClient, user: AsyncClient
) -> None:
    await create(admin)
    call = caller(app, user)

    found = await repeated(lambda _: call("GET", "/api/v1/products?limit=20"))

    assert not found, found
