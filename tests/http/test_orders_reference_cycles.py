"""An order's read and placement leave no reference cycle behind (see
tests/support/reference_cycles.py)."""

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from tests.http.test_orders import create_product, place
from tests.support.reference_cycles import caller, repeated


@pytest.fixture
async def product(admin: AsyncClient) -> str:
    return await create_product(admin, "Anvil", "10.00")


async def test_an_order_read_leaves_no_cycle(
    app: FastAPI, user: AsyncClient, product: str
) -> None:
    placed = await place(user, "read-me", [{"product_id": product, "quantity": 1}])
    order = f"/api/v1/orders/{placed.json()['id']}"
    call = caller(app, user)

    found = await repeated(lambda _: call("GET", order))

    assert not found, found


async def test_a_placement_leaves_no_cycle(
    app: FastAPI, user: AsyncClient, product: str
) -> None:
    lines = [{"product_id": product, "quantity": 1}]
    call = caller(app, user)

    found = await repeated(
        lambda number: call(
            "POST",
            "/api/v1/orders",
            {"lines": lines},
            {"Idempotency-Key": f"order-{number}"},
        )
    )

    assert not found, found
