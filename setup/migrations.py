"""Runs Alembic from code: at start-up, in the CLI and in tests."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import Script, ScriptDirectory
from filelock import FileLock
from sqlalchemy.engine import make_url

import app.infrastructure.persistence as persistence

_SCRIPT_LOCATION = Path(__file__).resolve().parent / "alembic"
# Every folder under migrations/ holds revisions: core/ (what every service
# made from the base keeps), the base's demo aggregates' own folders, and
# versions/, the service's own (new revisions go there, see FILE_TEMPLATE).
# Each folder's revisions are a branch; the database is upgraded to all
# heads.
MIGRATIONS_LOCATION = Path(persistence.__file__).resolve().parent / "migrations"
FILE_TEMPLATE = "versions/%%(rev)s_%%(slug)s"


def alembic_config(database_url: str, *, timeout: float = 5.0) -> Config:
    """An Alembic config equal to alembic.ini's, usable without a checkout;
    ``timeout``: seconds to wait for the database server."""
    config = Config()
    config.set_main_option("script_location", str(_SCRIPT_LOCATION))
    config.set_main_option("version_locations", str(MIGRATIONS_LOCATION))
    config.set_main_option("recursive_version_locations", "true")
    config.set_main_option("file_template", FILE_TEMPLATE)
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = database_url
    config.attributes["database_timeout"] = timeout
    return config


def upgrade_to_head(database_url: str, *, timeout: float = 5.0) -> None:
    """Migrates to the newest revision of every branch. Processes that start
    together (the app, the worker, several app workers) take turns: on
    PostgreSQL through an advisory lock (setup/alembic/env.py), on SQLite,
    whose DDL the driver does not run in a transaction, through a lock file
    beside the database."""
    with _sqlite_file_locked(database_url):
        command.upgrade(alembic_config(database_url, timeout=timeout), "heads")


def head_revisions() -> frozenset[str]:
    """The revisions the code needs the database at: the newest migration
    of each branch, as Alembic records them."""
    script = ScriptDirectory.from_config(alembic_config(""))
    # What alembic_version holds once upgraded to "heads": a branch that
    # another depends on (core/, say) is not a row of its own.
    return frozenset(revision.revision for revision in script.get_revisions("heads"))


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


def undo_target(revision: Script) -> str:
    """The downgrade target that undoes ``revision`` once it is the newest
    applied: one step back on its line, its branch's base for the first
    revision of a folder, or a parent for a merge (which also undoes the
    other parents' branches; upgrading to the merge brings them back)."""
    down = revision.down_revision
    parents = (down,) if isinstance(down, str) else tuple(down or ())
    if not parents:
        return f"{revision.revision}@base"
    if len(parents) == 1:
        return f"{revision.revision}-1"
    return parents[0]
