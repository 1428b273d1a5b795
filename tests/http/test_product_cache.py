"""Product reads go through the product cache: in-process without REDIS_URL,
Redis with it; writes invalidate; a dead Redis never fails a read. On both
database engines."""

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from app.infrastructure.adapters.caching_product_reader import GENERATION_KEY
from app.infrastructure.adapters.redis_product_cache import KEY_PREFIX
from setup.app_factory import create_app
from setup.config import Settings
from tests.http.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, log_in
from tests.support.backing_services import (
    REDIS_URL,
    UNREACHABLE_REDIS_URL,
    redis_or_skip,
)
from tests.support.settings import settings_for
from tests.support.tcp_proxy import TcpProxy

PRODUCTS = "/api/v1/products"
# The cache's generation key, as the app names it in Redis.
GENERATION = Settings(_env_file=None).redis_keys().key(KEY_PREFIX + GENERATION_KEY)


@pytest.fixture(params=["in_process", "redis"])
async def cache_settings(
    request: pytest.FixtureRequest,
) -> AsyncIterator[dict[str, Any]]:
    if request.param == "in_process":
        yield {}
        return
    async with redis_or_skip() as redis:
        # A new generation: nothing another test (or engine) cached is read.
        await redis.delete(GENERATION)
        yield {"redis_url": REDIS_URL}


@pytest.fixture
def settings(
    database_url: str, tmp_path: Path, cache_settings: dict[str, Any]
) -> Settings:
    return settings_for(
        database_url,
        initial_admin_email=ADMIN_EMAIL,
        initial_admin_password=ADMIN_PASSWORD,
        file_storage_root=tmp_path / "files",
        **cache_settings,
    )


async def _change_behind_the_apps_back(settings: Settings) -> None:
    """Writes the row directly: only a read that reaches the database sees it."""
    engine = create_async_engine(settings.database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text("UPDATE products SET description = 'changed in SQL'")
            )
    finally:
        await engine.dispose()


async def test_reads_are_served_from_the_cache_until_a_write(
    settings: Settings, admin: AsyncClient, client: AsyncClient
) -> None:
    created = await admin.post(
        PRODUCTS, json={"name": "Phone", "category": "e", "price": "1.50"}
    )
    assert created.status_code == 201, created.text
    product_id = created.json()["id"]
    first = await client.get(f"{PRODUCTS}/{product_id}")
    first_list = await client.get(PRODUCTS)
    assert first.json()["description"] == ""
    assert first_list.json()["items"] == [first.json()]

    await _change_behind_the_apps_back(settings)
    cached = await client.get(f"{PRODUCTS}/{product_id}")
    cached_list = await client.get(PRODUCTS)

    patched = await admin.patch(f"{PRODUCTS}/{product_id}", json={"price": "2.00"})
    assert patched.status_code in (200, 204), patched.text
    fresh = await client.get(f"{PRODUCTS}/{product_id}")
    fresh_list = await client.get(PRODUCTS)

    assert cached.json() == first.json()
    assert cached_list.json() == first_list.json()
    assert fresh.json()["price"] == "2.00"
    assert fresh.json()["description"] == "changed in SQL"
    assert fresh_list.json()["items"] == [fresh.json()]


async def test_create_and_delete_invalidate_listings(
    admin: AsyncClient, client: AsyncClient
) -> None:
    assert (await client.get(PRODUCTS)).json()["total"] == 0
    created = await admin.post(
        PRODUCTS, json={"name": "Phone", "category": "e", "price": "1.50"}
    )
    product_id = created.json()["id"]
    assert (await client.get(PRODUCTS)).json()["total"] == 1
    assert (await client.get(f"{PRODUCTS}/{product_id}")).status_code == 200

    assert (await admin.delete(f"{PRODUCTS}/{product_id}")).status_code == 204

    assert (await client.get(PRODUCTS)).json()["total"] == 0
    assert (await client.get(f"{PRODUCTS}/{product_id}")).status_code == 404


async def test_redis_down_degrades_to_the_database(
    # REDIS_URL set, so RedisProductCache is bound, on a port nobody listens on.
    database_url: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = settings_for(
        database_url,
        initial_admin_email=ADMIN_EMAIL,
        initial_admin_password=ADMIN_PASSWORD,
        file_storage_root=tmp_path / "files",
        redis_url=UNREACHABLE_REDIS_URL,
    )
    app = create_app(settings)
    transport = ASGITransport(app, raise_app_exceptions=False)
    async with (
        LifespanManager(app),
        AsyncClient(transport=transport, base_url="http://test") as admin,
        AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        logged_in = await admin.post(
            "/api/v1/auth/log-in",
            json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        )
        assert logged_in.status_code == 204
        created = await admin.post(
            PRODUCTS, json={"name": "Phone", "category": "e", "price": "1.50"}
        )
        product_id = created.json()["id"]
        listing = await client.get(PRODUCTS)
        one = await client.get(f"{PRODUCTS}/{product_id}")
        patched = await admin.patch(f"{PRODUCTS}/{product_id}", json={"price": "3"})
        after = await client.get(f"{PRODUCTS}/{product_id}")

    assert created.status_code == 201, created.text
    assert listing.status_code == 200
    assert listing.json()["total"] == 1
    assert one.status_code == 200
    assert patched.status_code in (200, 204)
    assert after.json()["price"] == "3.00"
    assert any(
        record.name == "app.infrastructure.adapters.caching_product_reader"
        for record in caplog.records
    )


BREAKER_RESET_SECONDS = 0.2


async def test_redis_stopped_while_serving_then_back(
    database_url: str, tmp_path: Path
) -> None:
    """Redis goes away mid-run (a proxy in front of it is cut): every read
    and write still answers, from the database; once it is back, reads are
    cached in it again (after the circuit breaker's reset time, when the
    client tries Redis again)."""
    async with redis_or_skip() as redis:
        await redis.delete(GENERATION)
        url = urlsplit(REDIS_URL)
        proxy = TcpProxy(url.hostname or "127.0.0.1", url.port or 6379)
        await proxy.start()
        settings = settings_for(
            database_url,
            initial_admin_email=ADMIN_EMAIL,
            initial_admin_password=ADMIN_PASSWORD,
            file_storage_root=tmp_path / "files",
            redis_url=url._replace(netloc=f"127.0.0.1:{proxy.port}").geturl(),
            redis_breaker_reset_seconds=BREAKER_RESET_SECONDS,
            # A stopped Redis refuses at once; the timeout is only there for a
            # loaded test machine (the proxy runs in this event loop).
            redis_timeout_seconds=2.0,
        )
        app = create_app(settings)
        transport = ASGITransport(app, raise_app_exceptions=False)
        try:
            async with (
                LifespanManager(app),
                AsyncClient(transport=transport, base_url="http://test") as admin,
                AsyncClient(transport=transport, base_url="http://test") as client,
            ):
                await log_in(admin, ADMIN_EMAIL, ADMIN_PASSWORD)
                created = await admin.post(
                    PRODUCTS, json={"name": "Phone", "category": "e", "price": "1.50"}
                )
                product = f"{PRODUCTS}/{created.json()['id']}"
                assert (await client.get(product)).status_code == 200
                assert await redis.exists(GENERATION)

                await proxy.cut()
                await redis.delete(GENERATION)
                patched = await admin.patch(product, json={"price": "3"})
                during = await client.get(product)
                listing = await client.get(PRODUCTS)

                await proxy.start()
                # Each read after the reset time lets one command through; a
                # busy machine may need a few before one lands.
                for _ in range(20):
                    await asyncio.sleep(BREAKER_RESET_SECONDS * 1.5)
                    after = await client.get(product)
                    generation_after = await redis.get(GENERATION)
                    if generation_after is not None:
                        break
        finally:
            await proxy.cut()
            await redis.delete(GENERATION)

    assert patched.status_code == 204
    assert during.status_code == 200
    assert during.json()["price"] == "3.00"
    assert listing.json()["items"][0]["price"] == "3.00"
    assert after.status_code == 200
    assert after.json()["price"] == "3.00"
    # The read after the return went through Redis again: a new generation.
    assert generation_after is not None


async def test_a_hung_redis_is_skipped_and_logged_once(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Redis stops answering (a proxy in front of it stops forwarding, as
    a Redis stopped with SIGSTOP would): reads answer from the database,
    and the log has one warning for the outage, none per request."""
    async with redis_or_skip() as redis:
        url = urlsplit(REDIS_URL)
        proxy = TcpProxy(url.hostname or "127.0.0.1", url.port or 6379)
        await proxy.start()
        settings = settings_for(
            database_url,
            redis_url=url._replace(netloc=f"127.0.0.1:{proxy.port}").geturl(),
            redis_timeout_seconds=0.05,
        )
        app = create_app(settings)
        transport = ASGITransport(app, raise_app_exceptions=False)
        try:
            async with (
                LifespanManager(app),
                AsyncClient(transport=transport, base_url="http://test") as client,
            ):
                assert (await client.get(PRODUCTS)).status_code == 200
                proxy.hang()
                with caplog.at_level(logging.DEBUG):
                    answers = [
                        (await client.get(f"{PRODUCTS}?offset={n}")).status_code
                        for n in range(20)
                    ]
        finally:
            await proxy.cut()
            await redis.delete(GENERATION)

    assert answers == [200] * 20
    warnings = [
        (r.name, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING
    ]
    assert len(warnings) == 1, warnings
    assert warnings[0][0] == "app.infrastructure.guarded_redis"
