"""The database goes away and comes back: one process, no restart."""

from collections.abc import AsyncIterator

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient
from sqlalchemy.engine import make_url

from setup.app_factory import create_app
from tests.http.conftest import assert_problem
from tests.support.databases import empty_all_tables
from tests.support.settings import settings_for
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres


@pytest.fixture
async def proxy(postgres_url: str) -> AsyncIterator[TcpProxy]:
    url = make_url(postgres_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    yield proxy
    await proxy.cut()
    # The run's shared database must be left empty for the next test.
    await empty_all_tables(postgres_url)


async def test_the_same_process_serves_again_after_the_database_returns(
    postgres_url: str, proxy: TcpProxy
) -> None:
    through_proxy = make_url(postgres_url).set(host="127.0.0.1", port=proxy.port)
    settings = settings_for(
        through_proxy.render_as_string(hide_password=False),
        database_timeout_seconds=1,
    )
    app = create_app(settings)
    transport = ASGITransport(app, raise_app_exceptions=False)
    async with (
        LifespanManager(app),
        AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        assert (await client.get("/api/v1/products")).status_code == 200

        await proxy.cut()
        down_health = await client.get("/health")
        down_read = await client.get("/api/v1/products")
        down_write = await client.post(
            "/api/v1/auth/sign-up",
            json={"email": "outage@example.com", "password": "password-123"},
        )

        await proxy.start()
        up_health = await client.get("/health")
        up_read = await client.get("/api/v1/products")
        up_write = await client.post(
            "/api/v1/auth/sign-up",
            json={"email": "outage@example.com", "password": "password-123"},
        )

    assert down_health.status_code == 503
    assert_problem(down_read, 503, "storage_unavailable")
    assert_problem(down_write, 503, "storage_unavailable")
    assert up_health.status_code == 200
    assert up_read.status_code == 200
    assert up_write.status_code == 201, up_write.text
