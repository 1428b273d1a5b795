"""Orders charged by a payment provider over HTTP (PAYMENT_GATEWAY_BASE_URL
set) that fails, stalls and recovers: each failure is a problem answer
(503, 504, 502), the order waits unpaid, and placing it again with the same
Idempotency-Key charges it exactly once. On both database engines."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from httpx import AsyncClient

from setup.config import Settings
from tests.http.conftest import app_settings, assert_problem
from tests.http.test_orders import ORDERS, create_product, place, wait_for_status
from tests.support.stub_payment_provider import StubPaymentProvider

# How long each attempt waits for the provider: long enough that a loaded
# machine's answer is never taken for a stall (a 0.3 s wait once turned a
# decline into a 504 in a full run)...
ANSWER_TIMEOUT_SECONDS = 10.0
# ...but where a stall is the point, short, and the stall outlasts it.
STALL_TIMEOUT_SECONDS = 1.0


@pytest.fixture
def provider() -> Iterator[StubPaymentProvider]:
    with StubPaymentProvider() as provider:
        yield provider


@pytest.fixture
def gateway_timeout() -> float:
    return ANSWER_TIMEOUT_SECONDS


@pytest.fixture
def settings(
    database_url: str,
    tmp_path: Path,
    provider: StubPaymentProvider,
    gateway_timeout: float,
) -> Settings:
    return app_settings(
        database_url,
        tmp_path,
        **provider.settings(),
        payment_gateway_timeout_seconds=gateway_timeout,
        # One attempt per placement: the client's retry is the one tested.
        payment_gateway_max_attempts=1,
    )


@pytest.mark.parametrize("gateway_timeout", [STALL_TIMEOUT_SECONDS])
async def test_a_stalling_provider_is_a_504_and_the_retry_charges_once(
    admin: AsyncClient, user: AsyncClient, provider: StubPaymentProvider
) -> None:
    anvil = await create_product(admin, "Anvil", "10.00")
    lines = [{"product_id": anvil, "quantity": 3}]
    # The provider takes the charge but answers after the client gave up.
    provider.stall(STALL_TIMEOUT_SECONDS * 2)

    timed_out = await place(user, "order-1", lines)

    assert_problem(timed_out, 504, "external_service_timeout")
    [pending] = (await user.get(ORDERS)).json()["items"]
    assert pending["status"] == "pending_payment"
    assert len(provider.charges) == 1

    retried = await place(user, "order-1", lines)

    assert retried.status_code == 201, retried.text
    assert retried.json()["id"] == pending["id"]
    [charge] = provider.charges
    assert charge.idempotency_key == f"order-{pending['id']}"
    assert (charge.amount_cents, charge.currency) == (3000, "EUR")
    await wait_for_status(user, pending["id"], "fulfilled")


async def test_an_unavailable_provider_is_a_503_and_nothing_is_charged(
    admin: AsyncClient, user: AsyncClient, provider: StubPaymentProvider
) -> None:
    anvil = await create_product(admin, "Anvil", "10.00")
    lines = [{"product_id": anvil, "quantity": 1}]
    provider.fail(status=503)

    unavailable = await place(user, "order-1", lines)

    assert_problem(unavailable, 503, "external_service_unavailable")
    assert unavailable.headers["retry-after"] == "5"
    assert provider.charges == []

    retried = await place(user, "order-1", lines)

    assert retried.status_code == 201, retried.text
    assert len(provider.charges) == 1


async def test_a_declined_charge_is_a_502_and_leaves_the_order_unpaid(
    admin: AsyncClient, user: AsyncClient, provider: StubPaymentProvider
) -> None:
    anvil = await create_product(admin, "Anvil", "10.00")
    provider.fail(status=402)

    declined = await place(user, "order-1", [{"product_id": anvil, "quantity": 1}])

    body = assert_problem(declined, 502, "external_service_rejected")
    # The provider's answer is logged, never passed on.
    assert "unavailable" not in body["detail"]
    [order] = (await user.get(ORDERS)).json()["items"]
    assert order["status"] == "pending_payment"
    assert provider.charges == []
