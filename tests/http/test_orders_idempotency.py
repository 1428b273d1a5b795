"""Idempotency-Keys of order placements as payment APIs honour them: the
same order sent many times at once is placed and charged once, and every
answer is that order or a retryable "in progress"; another order with a used
key is a 422 naming the conflict. On both database engines, with a payment
provider on loopback that is slow to answer (so the requests overlap)."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpx import AsyncClient

from setup.config import Settings
from tests.http.conftest import app_settings, assert_problem
from tests.http.test_orders import ORDERS, create_product, place
from tests.support.stub_payment_provider import StubPaymentProvider

SAME_TIME = 20


@pytest.fixture
def provider() -> Iterator[StubPaymentProvider]:
    with StubPaymentProvider() as provider:
        yield provider


@pytest.fixture
def settings(
    database_url: str, tmp_path: Path, provider: StubPaymentProvider
) -> Settings:
    return app_settings(database_url, tmp_path, **provider.settings())


async def test_the_same_order_sent_at_once_is_placed_and_charged_once(
    admin: AsyncClient, user: AsyncClient, provider: StubPaymentProvider
) -> None:
    anvil = await create_product(admin, "Anvil", "10.00")
    lines = [{"product_id": anvil, "quantity": 2}]
    provider.stall(0.3)

    answers = await asyncio.gather(
        *(place(user, "one-key", lines) for _ in range(SAME_TIME))
    )

    placed = [answer for answer in answers if answer.status_code == 201]
    waiting = [answer for answer in answers if answer.status_code != 201]
    for answer in waiting:
        assert_problem(answer, 409, "idempotency_key_in_use")
        assert answer.headers["retry-after"] == "1"
    assert placed, [answer.text for answer in answers]
    assert len({answer.json()["id"] for answer in placed}) == 1
    assert (await user.get(ORDERS)).json()["total"] == 1
    assert len(provider.charges) == 1


async def test_a_used_key_with_another_order_is_a_422_naming_the_key(
    admin: AsyncClient, user: AsyncClient, provider: StubPaymentProvider
) -> None:
    anvil = await create_product(admin, "Anvil", "10.00")
    first = await place(user, "one-key", [{"product_id": anvil, "quantity": 1}])

    other = await place(user, "one-key", [{"product_id": anvil, "quantity": 2}])

    assert first.status_code == 201, first.text
    problem = assert_problem(other, 422, "idempotency_key_reused")
    assert problem["errors"][0]["loc"] == ["header", "idempotency-key"]
    assert "different request" in problem["detail"]
    assert (await user.get(ORDERS)).json()["total"] == 1
    assert len(provider.charges) == 1


async def test_the_lines_in_another_order_are_the_same_request(
    admin: AsyncClient, user: AsyncClient
) -> None:
    anvil = await create_product(admin, "Anvil", "10.00")
    rope = await create_product(admin, "Rope", "2.00")
    lines = [{"product_id": anvil, "quantity": 1}, {"product_id": rope, "quantity": 3}]

    first = await place(user, "one-key", lines)
    again = await place(user, "one-key", lines[::-1])

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
