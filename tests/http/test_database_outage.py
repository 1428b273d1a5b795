"""The database goes away and comes back: one process, no restart, both engines.

PostgreSQL goes away behind a loopback TCP proxy that the test cuts. SQLite
goes away when its file does: the file is moved away and a directory put in
its place, which SQLite cannot open. (An unreadable directory would not do:
root, which CI often is, ignores file modes.) The pool's open connections
would go on reading and writing the moved file; database.py checks on every
checkout that the path still holds the file the connection opened.
"""

import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient
from sqlalchemy.engine import make_url

from setup.app_factory import create_app
from tests.http.conftest import assert_problem
from tests.support.databases import empty_all_tables, migrated_sqlite_copy
from tests.support.settings import settings_for
from tests.support.tcp_proxy import TcpProxy

SIGN_UP = "/api/v1/auth/sign-up"


class Outage(Protocol):
    database_url: str

    async def cut(self) -> None: ...

    async def restore(self) -> None: ...


class PostgresBehindProxy:
    def __init__(self, postgres_url: str) -> None:
        url = make_url(postgres_url)
        self._proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
        self._url = url
        self.postgres_url = postgres_url
        self.database_url = ""

    async def start(self) -> None:
        await self._proxy.start()
        through_proxy = self._url.set(host="127.0.0.1", port=self._proxy.port)
        self.database_url = through_proxy.render_as_string(hide_password=False)

    async def cut(self) -> None:
        await self._proxy.cut()

    async def restore(self) -> None:
        await self._proxy.start()


class SqliteFileReplacedByDirectory:
    # SQLite keeps these beside the database in WAL mode.
    _SUFFIXES = ("", "-wal", "-shm")

    def __init__(self, path: Path, away: Path) -> None:
        self._path = path
        self._away = away
        self.database_url = f"sqlite+aiosqlite:///{path}"

    def _files(self) -> list[tuple[Path, Path]]:
        """Each file of the database: where it belongs, where it is kept away."""
        names = [self._path.name + suffix for suffix in self._SUFFIXES]
        return [(self._path.with_name(name), self._away / name) for name in names]

    async def cut(self) -> None:
        self._away.mkdir(exist_ok=True)
        for here, away in self._files():
            if here.exists():
                os.replace(here, away)
        self._path.mkdir()

    async def restore(self) -> None:
        self._path.rmdir()
        for here, away in self._files():
            if away.exists():
                os.replace(away, here)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> SqliteFileReplacedByDirectory | PostgresBehindProxy:
    # A plain fixture: an async one could not ask for the session-scoped
    # async postgres_url from inside the running loop.
    if request.param == "sqlite":
        path = tmp_path / "data" / "app.db"
        path.parent.mkdir()
        migrated_sqlite_copy(sqlite_template, path)
        return SqliteFileReplacedByDirectory(path, tmp_path / "away")
    return PostgresBehindProxy(request.getfixturevalue("postgres_url"))


@pytest.fixture
async def outage(
    database: SqliteFileReplacedByDirectory | PostgresBehindProxy,
) -> AsyncIterator[Outage]:
    if isinstance(database, SqliteFileReplacedByDirectory):
        yield database
        return
    await database.start()
    yield database
    await database.cut()
    # The run's shared database must be left empty for the next test.
    await empty_all_tables(database.postgres_url)


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


async def test_an_outage_is_logged_once_then_its_end(
    outage: Outage, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(outage.database_url, database_timeout_seconds=1)
    app = create_app(settings)
    transport = ASGITransport(app, raise_app_exceptions=False)
    async with (
        LifespanManager(app),
        AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        assert (await client.get("/health/ready")).status_code == 200
        await outage.cut()
        caplog.set_level(logging.INFO)
        failed = [
            await client.get(f"/api/v1/products?limit={limit}") for limit in (3, 4, 5)
        ]
        await outage.restore()
        assert (await client.get("/api/v1/products?limit=6")).status_code == 200

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
