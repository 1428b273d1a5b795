"""A database that goes away and comes back, for outage tests on both
engines.

PostgreSQL goes away behind a loopback TCP proxy that the test cuts. SQLite
goes away when its file does: the file is moved away and a directory put in
its place, which SQLite cannot open. (An unreadable directory would not do:
root, which CI often is, ignores file modes.) The pool's open connections
would go on reading and writing the moved file; database.py checks on every
checkout that the path still holds the file the connection opened.

tests/http/conftest.py makes the ``outage`` fixture of this module available
to the HTTP tests.
"""

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

import pytest
from sqlalchemy.engine import make_url

from tests.support.databases import empty_all_tables, migrated_sqlite_copy
from tests.support.tcp_proxy import TcpProxy


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
def outage_database(
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
    outage_database: SqliteFileReplacedByDirectory | PostgresBehindProxy,
) -> AsyncIterator[Outage]:
    """A migrated, empty database that the test can cut and restore."""
    database = outage_database
    if isinstance(database, SqliteFileReplacedByDirectory):
        yield database
        return
    await database.start()
    yield database
    await database.cut()
    # The run's shared database must be left empty for the next test.
    await empty_all_tables(database.postgres_url)
