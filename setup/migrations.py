"""Runs Alembic from code: at start-up, in the CLI and in tests."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from filelock import FileLock
from sqlalchemy.engine import make_url

import app.infrastructure.persistence as persistence

_SCRIPT_LOCATION = Path(__file__).resolve().parent / "alembic"
VERSIONS_LOCATION = (
    Path(persistence.__file__).resolve().parent / "migrations" / "versions"
)


def alembic_config(database_url: str, *, timeout: float = 5.0) -> Config:
    """An Alembic config equal to alembic.ini's, usable without a checkout;
    ``timeout``: seconds to wait for the database server."""
    config = Config()
    config.set_main_option("script_location", str(_SCRIPT_LOCATION))
    config.set_main_option("version_locations", str(VERSIONS_LOCATION))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = database_url
    config.attributes["database_timeout"] = timeout
    return config


def upgrade_to_head(database_url: str, *, timeout: float = 5.0) -> None:
    """Migrates to the newest revision. Processes that start together (the
    app, the worker, several app workers) take turns: on PostgreSQL through
    an advisory lock (setup/alembic/env.py), on SQLite, whose DDL the driver
    does not run in a transaction, through a lock file beside the database."""
    with _sqlite_file_locked(database_url):
        command.upgrade(alembic_config(database_url, timeout=timeout), "head")


def head_revisions() -> frozenset[str]:
    """The revisions the code needs the database at: the newest migration
    of each branch."""
    return frozenset(ScriptDirectory.from_config(alembic_config("")).get_heads())


@contextmanager
def _sqlite_file_locked(database_url: str) -> Iterator[None]:
    url = make_url(database_url)
    path = url.database
    if url.get_backend_name() != "sqlite" or not path or path == ":memory:":
        yield
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{path}.migration-lock"):
        yield
