"""The database goes away and comes back: one process, no restart, both
engines (tests/support/database_outages.py tells how)."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.infrastructure.messaging.sqla_outbox_backlog import SqlaOutboxBacklog
from app.infrastructure.persistence.database import (
    DatabaseConfig,
    create_engine,
    create_session_factory,
)
from setup.app_factory import create_app
from tests.http.conftest import assert_problem, log_in
from tests.support.database_outages import Outage, SqliteFileReplacedByDirectory
from tests.support.polling import eventually
from tests.support.settings import settings_for

SIGN_UP = "/api/v1/auth/sign-up"
ME = "/api/v1/users/me"


@asynccontextmanager
async def served(outage: Outage, **overrides: Any) -> AsyncIterator[AsyncClient]:
    """A client of an app on the database ``outage`` cuts, started and
    stopped around the block."""
    settings = settings_for(
        outage.database_url, database_timeout_seconds=1, **overrides
    )
    app = create_app(settings)
    transport = ASGITransport(app, raise_app_exceptions=False)
    async with (
        LifespanManager(app),
        AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        yield client


async def test_the_same_process_serves_again_after_the_database_returns(
    outage: Outage,
) -> None:
    async with served(outage) as client:
        # Open pooled connections first: they are what must notice the outage.
        before = await client.post(
            SIGN_UP, json={"email": "before@example.com", "password": "password-123"}
        )
        await log_in(client, "before@example.com", "password-123")
        assert (await client.get(ME)).status_code == 200

        await outage.cut()
        down_health = await client.get("/health")
        down_read = await client.get(ME)
        down_write = await client.post(
            SIGN_UP, json={"email": "outage@example.com", "password": "password-123"}
        )

        await outage.restore()
        up_health = await client.get("/health")
        # The session written before the outage: the same database is back.
        up_read = await client.get(ME)
        up_write = await client.post(
            SIGN_UP, json={"email": "outage@example.com", "password": "password-123"}
        )
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
    assert up_read.status_code == 200, up_read.text
    assert up_read.json()["email"] == "before@example.com"
    assert up_write.status_code == 201, up_write.text
    assert_problem(again, 409, "email_already_registered")


async def test_an_outage_is_logged_once_then_its_end(
    outage: Outage, caplog: pytest.LogCaptureFixture
) -> None:
    async with served(outage) as client:
        await client.post(
            SIGN_UP, json={"email": "logged@example.com", "password": "password-123"}
        )
        await log_in(client, "logged@example.com", "password-123")
        assert (await client.get("/health/ready")).status_code == 200
        await outage.cut()
        caplog.set_level(logging.INFO)
        failed = [await client.get(ME) for _ in range(3)]
        await outage.restore()
        assert (await client.get(ME)).status_code == 200

    assert [response.status_code for response in failed] == [503, 503, 503]
    outage_lines = [
        (record.levelno, record.getMessage())
        for record in caplog.records
        if record.name == "app.infrastructure.outage_log"
    ]
    assert len(outage_lines) == 2, outage_lines
    (went_level, went), (back_level, back) = outage_lines
    # Once, with its cause named; no request logged it again.
    assert went_level == logging.WARNING
    assert went.startswith("database unavailable: ")
    assert len(went) > len("database unavailable: ")
    assert back_level == logging.INFO
    assert back.startswith("database available again after ")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_connections_that_died_in_the_pool_cost_no_request(
    outage: Outage, caplog: pytest.LogCaptureFixture
) -> None:
    """The database restarts while nobody asks anything: the pool's idle
    connections are closed by the server. No ping on checkout, yet no
    request is answered 503: a connection seen closed is replaced."""
    # Nobody means the relay too: it polls once an hour here, and the cut
    # waits until it has published what the sign-up stored (a poll in flight
    # at the cut is a connection lost in use, rightly logged as an outage).
    async with served(outage, outbox_poll_interval_seconds=3600) as client:
        await client.post(
            SIGN_UP, json={"email": "idle@example.com", "password": "password-123"}
        )
        await log_in(client, "idle@example.com", "password-123")
        assert (await client.get(ME)).status_code == 200
        await _until_relayed(outage.database_url)
        await outage.cut()
        await outage.restore()
        # Lets the event loop read the end of the closed connections.
        await asyncio.sleep(0.2)
        caplog.set_level(logging.INFO)
        after = [await client.get(ME) for _ in range(3)]

    assert [response.status_code for response in after] == [200, 200, 200]
    # Nothing was down while a request needed it.
    assert not [r for r in caplog.records if r.name == "app.infrastructure.outage_log"]


async def test_its_end_is_logged_when_a_connection_held_through_it_serves(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A connection checked out before the file went away and used again
    after it is back: the pool opens no new connection, yet the end of the
    outage is seen and logged (the relay can hold one so)."""
    outage = SqliteFileReplacedByDirectory(tmp_path / "app.db", tmp_path / "away")
    engine = create_engine(DatabaseConfig(outage.database_url, timeout=1))
    caplog.set_level(logging.INFO)
    try:
        async with engine.connect() as held:
            await held.execute(text("SELECT 1"))
            await outage.cut()
            with pytest.raises(OperationalError):
                async with engine.connect() as other:
                    await other.execute(text("SELECT 1"))
            await outage.restore()
            await held.execute(text("SELECT 1"))
    finally:
        await engine.dispose()

    logged = [
        record.getMessage()
        for record in caplog.records
        if record.name == "app.infrastructure.outage_log"
    ]
    assert len(logged) == 2, logged
    assert logged[0].startswith("database unavailable: ")
    assert logged[1].startswith("database available again after ")


async def _until_relayed(database_url: str) -> None:
    """Returns once the app's relay has published every outbox row."""
    engine = create_engine(DatabaseConfig(url=database_url, log_outages=False))
    backlog = SqlaOutboxBacklog(create_session_factory(engine))

    async def relayed() -> bool:
        return (await backlog.measure()).unpublished == 0

    try:
        await eventually(relayed)
    finally:
        await engine.dispose()
