"""A process that cannot start says why in at most three lines, without a
traceback: the cause, the target (its password masked) and one hint, then
exits with status 1. `--debug` or LOG_LEVEL=DEBUG shows the traceback too."""

import socket
import sqlite3
import sys
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NoReturn

from pydantic import ValidationError
from sqlalchemy.engine import URL, make_url

from setup.config import Settings
from setup.startup.database import (
    INVALID_CATALOG_NAME,
    DatabaseNotCreatedError,
    sqlstate,
)

EXIT_CODE = 1
_DEBUG_HINT = "run again with --debug (or LOG_LEVEL=DEBUG) to see the traceback"


@dataclass(frozen=True, slots=True)
class StartupFailure:
    cause: str
    target: str
    hint: str

    def lines(self) -> list[str]:
        return [f"error: {self.cause}", f"  {self.target}", f"hint: {self.hint}"]


def start_or_exit(
    prepare: Callable[[Settings], None], *, debug: bool = False
) -> Settings:
    """The settings, once ``prepare`` (creating and migrating the database,
    say) has run on them; on any failure, the lines above and exit 1."""
    settings: Settings | None = None
    try:
        settings = Settings()
        # In a thread of its own: uvicorn's worker processes (--workers,
        # --reload) import the app inside their running event loop, where
        # the asyncio.run of creating and migrating the database would fail.
        with ThreadPoolExecutor(max_workers=1) as thread:
            thread.submit(prepare, settings).result()
    except Exception as err:
        exit_with(err, settings, debug=debug)
    return settings


def exit_with(err: Exception, settings: Settings | None, *, debug: bool) -> NoReturn:
    if debug or (settings is not None and settings.log_level == "DEBUG"):
        traceback.print_exception(err, file=sys.stderr)
    failure = describe(err, settings)
    print("\n".join(failure.lines()), file=sys.stderr, flush=True)
    raise SystemExit(EXIT_CODE)


def describe(err: BaseException, settings: Settings | None) -> StartupFailure:
    """What went wrong, in words an operator acts on."""
    if isinstance(err, ValidationError):
        return _invalid_settings(err)
    if settings is None:
        return StartupFailure(_one_line(err), "settings", _DEBUG_HINT)
    url = make_url(settings.database_url)
    target = f"database: {url.render_as_string(hide_password=True)}"
    for candidate in _chain(err):
        cause_and_hint = _database_failure(candidate, url, settings)
        if cause_and_hint is not None:
            return StartupFailure(cause_and_hint[0], target, cause_and_hint[1])
    return StartupFailure(f"startup failed: {_one_line(err)}", target, _DEBUG_HINT)


def _database_failure(
    err: BaseException, url: URL, settings: Settings
) -> tuple[str, str] | None:
    """(cause, hint) when ``err`` is one the database server or the network
    gave, else None."""
    if isinstance(err, DatabaseNotCreatedError):
        return _not_created(err, url)
    if (code := sqlstate(err)) in _LOGIN_REFUSED:
        return (
            f"{_LOGIN_REFUSED[code]}: {err}",
            "check the user and password in DATABASE_URL",
        )
    if code == INVALID_CATALOG_NAME:
        return (
            f"the database does not exist: {err}",
            "`python -m setup.cli migrate` creates it",
        )
    if url.get_backend_name() == "sqlite":
        if not isinstance(err, OSError | sqlite3.Error):
            return None
        return (
            f"cannot open the SQLite database {url.database!r}: {err}",
            "check that its folder can be created and written (DATABASE_URL)",
        )
    return _network_failure(err, url, settings)


# SQLSTATEs of a refused login: invalid password, and invalid authorization
# (no such role, not allowed to log in, no pg_hba.conf line).
_LOGIN_REFUSED = {
    "28P01": "the database server refused the password",
    "28000": "the database server refused the login",
}
_START_IT = "start the database server, or set DATABASE_URL to one that runs"


def _network_failure(
    err: BaseException, url: URL, settings: Settings
) -> tuple[str, str] | None:
    server = f"{url.host or 'localhost'}:{url.port or 5432}"
    if isinstance(err, ConnectionRefusedError):
        return (
            f"nothing accepts connections at {server} (connection refused)",
            _START_IT,
        )
    if isinstance(err, socket.gaierror):
        return (
            f"cannot resolve the database host {url.host!r}",
            "check DATABASE_URL's host",
        )
    if isinstance(err, TimeoutError):
        return (
            f"the database server at {server} did not answer within "
            f"{settings.database_timeout_seconds:g} s",
            "check DATABASE_URL's host and port (a firewall may drop the "
            "connection); DATABASE_TIMEOUT_SECONDS sets the wait",
        )
    if isinstance(err, OSError):
        return f"cannot connect to the database server at {server}: {err}", _START_IT
    return None


def _not_created(err: DatabaseNotCreatedError, url: URL) -> tuple[str, str]:
    port = url.port or 5432
    return (
        f"database {url.database!r} does not exist, and creating it failed: "
        f"{_one_line(err.__cause__ or err)}",
        f"create it (createdb -h {url.host} -p {port} -U {url.username} "
        f"{url.database}) or let {url.username!r} create databases",
    )


def _invalid_settings(err: ValidationError) -> StartupFailure:
    first = err.errors()[0]
    name = "_".join(str(part) for part in first["loc"]).upper() or "settings"
    more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
    return StartupFailure(
        f"invalid setting {name}: {first['msg']}{more}",
        "settings: environment variables and .env",
        "correct it; README, Configuration, lists every setting",
    )


def _chain(err: BaseException) -> Iterator[BaseException]:
    """``err``, then what it was raised from, innermost last."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        # SQLAlchemy keeps the driver's error as .orig; asyncpg's adapter
        # keeps asyncpg's own as the cause.
        orig = getattr(current, "orig", None)
        if isinstance(orig, BaseException) and id(orig) not in seen:
            current = orig
        else:
            current = current.__cause__ or current.__context__


def _one_line(err: BaseException) -> str:
    message = " ".join(str(err).split())
    return f"{type(err).__name__}: {message}" if message else type(err).__name__
