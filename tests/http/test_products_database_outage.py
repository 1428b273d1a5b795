"""The database goes away and comes back while the catalog is read: one
process, no restart, both engines (tests/support/database_outages.py tells
how)."""

from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from setup.app_factory import create_app
from tests.http.conftest import assert_problem
from tests.support.database_outages import Outage
from tests.support.settings import settings_for

SIGN_UP = "/api/v1/auth/sign-up"


async def test_the_same_process_serves_again_after_the_database_returns(
    outage: Outage,
) -> None:
    settings = settings_for(outage.database_url, database_timeout_seconds=1)
    app = create_app(settings)
    transport = ASGITransport(app, raise_app_exceptions=False)
    async with (
        LifespanManager(app),
        AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        # Open pooled connections first: they are what must notice the outage.
        before = await client.post(
            SIGN_UP, json={"email": "before@example.com", "password": "password-123"}
        )
        assert (await client.get("/api/v1/products")).status_code == 200

        await outage.cut()
        down_health = await client.get("/health")
        # A listing not read before: the one above is served from the
        # product cache, outage or not, until its TTL.
        down_read = await client.get("/api/v1/products?limit=7")
        down_write = await client.post(
            SIGN_UP, json={"email": "outage@example.com", "password": "password-123"}
        )

        await outage.restore()
        up_health = await client.get("/health")
        up_read = await client.get("/api/v1/products?limit=7")
        up_write = await client.post(
            SIGN_UP, json={"email": "outage@example.com", "password": "password-123"}
        )
        # Written before the outage, so still there: the same database is back.
        again = await client.post(
            SIGN_UP, json={"email": "before@example.com", "password": "password-123"}
        )

    assert before.status_code == 201, before.text
    assert down_health.status_code == 503
    assert_problem(down_health, 503, "not_ready")
    assert down_health.json()["dependencies"] == {"database": "down"}
    for response in (down_read, down_write):
        assert_problem(response, 503, "storage_unavailable")
        assert response.headers["retry-after"] == "5"
    assert up_health.status_code == 200
    assert up_health.json() == {"status": "ready", "dependencies": {"database": "up"}}
    assert up_read.status_code == 200
    assert up_write.status_code == 201, up_write.text
    assert_problem(again, 409, "email_already_registered")
