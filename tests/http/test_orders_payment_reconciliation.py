"""No order stays charged and unpaid: the database goes away between the
provider taking a charge and the order's commit, the placement answers 503,
and no client sends it again. Once the database is back, the payment
reconciliation run by the app (no broker) finds the charge by the order's
payment key and pays the order, which is then fulfilled; an order whose
charge was never taken is cancelled. On both engines."""

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from setup.app_factory import create_app
from tests.http.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    app_settings,
    assert_problem,
    log_in,
    sign_up,
)
from tests.http.test_orders import ORDERS, create_product, place, wait_for_status
from tests.support.database_outages import Outage
from tests.support.stub_payment_provider import Charge, StubPaymentProvider


@pytest.fixture
def provider() -> Iterator[StubPaymentProvider]:
    with StubPaymentProvider() as provider:
        yield provider


@pytest.fixture
async def clients(
    outage: Outage, provider: StubPaymentProvider, tmp_path: Path
) -> AsyncIterator[tuple[AsyncClient, AsyncClient]]:
    """An admin and a user of an app whose reconciliation settles orders
    unpaid for half a second, looking every tenth of one."""
    settings = app_settings(
        outage.database_url,
        tmp_path,
        **provider.settings(),
        payment_gateway_max_attempts=1,
        database_timeout_seconds=1,
        # A key whose release the outage prevented is free again soon.
        idempotency_lease_seconds=1,
        payment_reconcile_after_seconds=0.5,
        payment_reconcile_interval_seconds=0.1,
    )
    app = create_app(settings)
    transport = ASGITransport(app, raise_app_exceptions=False)
    async with (
        LifespanManager(app),
        AsyncClient(transport=transport, base_url="http://test") as admin,
        AsyncClient(transport=transport, base_url="http://test") as user,
    ):
        await log_in(admin, ADMIN_EMAIL, ADMIN_PASSWORD)
        await sign_up(user, "user@example.com", "user-password")
        await log_in(user, "user@example.com", "user-password")
        yield admin, user


async def test_an_outage_between_charge_and_commit_leaves_no_order_charged_and_unpaid(
    clients: tuple[AsyncClient, AsyncClient],
    outage: Outage,
    provider: StubPaymentProvider,
) -> None:
    admin, user = clients
    anvil = await create_product(admin, "Anvil", "10.00")
    loop = asyncio.get_running_loop()

    def cut_the_database(_: Charge) -> None:
        asyncio.run_coroutine_threadsafe(outage.cut(), loop).result(timeout=5)

    provider.when_charged(cut_the_database)
    charged = await place(user, "charged", [{"product_id": anvil, "quantity": 3}])
    provider.when_charged(None)
    await outage.restore()
    provider.fail(status=503)
    never_charged = await place(user, "refused", [{"product_id": anvil, "quantity": 1}])

    assert_problem(charged, 503, "storage_unavailable")
    assert_problem(never_charged, 503, "external_service_unavailable")
    [charge] = provider.charges
    orders = {order["id"]: order for order in await all_orders(user)}
    paid_id = charge.reference
    [cancelled_id] = set(orders) - {paid_id}
    await wait_for_status(user, paid_id, "fulfilled")
    await wait_for_status(user, cancelled_id, "cancelled")
    assert (charge.amount_cents, charge.idempotency_key) == (3000, f"order-{paid_id}")
    # Sent again, each key answers its settled order; nothing more is charged.
    again = await place(user, "charged", [{"product_id": anvil, "quantity": 3}])
    assert again.json()["id"] == paid_id
    assert len(provider.charges) == 1


async def all_orders(client: AsyncClient) -> list[dict[str, Any]]:
    page = await client.get(ORDERS)
    assert page.status_code == 200, page.text
    items: list[dict[str, Any]] = page.json()["items"]
    return items
