"""`uvicorn setup.main:app` stopped by SIGTERM while an order waits on the
payment provider: the request in flight finishes, charged once."""

import sqlite3
import threading
from pathlib import Path

import httpx

from tests.integration.conftest import ADMIN, USER
from tests.support.polling import wait_until
from tests.support.server_process import ServerProcess
from tests.support.stub_payment_provider import StubPaymentProvider


def test_sigterm_lets_a_request_in_flight_finish(
    server: ServerProcess, tmp_path: Path
) -> None:
    with StubPaymentProvider() as provider:
        server._environment |= {
            "PAYMENT_GATEWAY_BASE_URL": provider.url,
            "PAYMENT_GATEWAY_API_KEY": provider.api_key,
        }
        server.start()
        with (
            httpx.Client(base_url=server.url) as admin,
            httpx.Client(base_url=server.url) as user,
        ):
            admin.post("/api/v1/auth/log-in", json=ADMIN).raise_for_status()
            product = admin.post(
                "/api/v1/products",
                json={"name": "Lamp", "category": "home", "price": "12.50"},
            )
            product.raise_for_status()
            user.post("/api/v1/auth/sign-up", json=USER).raise_for_status()
            user.post("/api/v1/auth/log-in", json=USER).raise_for_status()
            # The provider answers the charge two seconds late: SIGTERM
            # comes while the order's request waits for it.
            provider.stall(2.0)
            answer: list[httpx.Response] = []
            request = threading.Thread(
                target=lambda: answer.append(
                    user.post(
                        "/api/v1/orders",
                        headers={"Idempotency-Key": "order-1"},
                        json={
                            "lines": [
                                {"product_id": product.json()["id"], "quantity": 2}
                            ]
                        },
                        timeout=30,
                    )
                )
            )
            request.start()
            wait_until(lambda: bool(provider.requests))
            server.terminate()
            request.join(30)
        graceful = server.stopped_gracefully()

    assert graceful, server.log_text()
    assert answer[0].status_code == 201, answer[0].text
    assert len(provider.charges) == 1
    with sqlite3.connect(tmp_path / "app.db") as connection:
        (status,) = connection.execute("SELECT status FROM orders").fetchone()
        events = connection.execute(
            "SELECT count(*) FROM outbox_messages WHERE topic = 'order.placed'"
        ).fetchone()
    assert status in {"paid", "fulfilled"}
    assert events == (1,)
