"""Starting with a database that is not there, run as an operator would:
`setup.cli migrate`, `uvicorn setup.main:app` and the worker each say what
is wrong in at most three lines, without a traceback, and exit non-zero; a
database the server does not have is created."""

import asyncio
import os
import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.support.backing_services import RABBITMQ_URL
from tests.support.private_postgres import PASSWORD, private_postgres
from tests.support.services import POSTGRES_ADMIN_URL, service_unavailable
from tests.support.warm_python import warm_interpreter

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT_URL = "postgresql://postgres:s3cret@127.0.0.1:1/app"

# Arguments to the interpreter (the warm one: see tests/support/warm_python.py).
COMMANDS = {
    "migrate": ["-m", "setup.cli", "migrate"],
    "uvicorn": ["-m", "uvicorn", "setup.main:app", "--port", "1"],
    "worker": ["-m", "setup.worker"],
}


def _start(
    command: list[str], database_url: str, **environment: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(warm_interpreter()), *command],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "AMQP_URL": RABBITMQ_URL,
            "LOG_LEVEL": "INFO",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _assert_short_failure(result: subprocess.CompletedProcess[str]) -> list[str]:
    lines = result.stderr.splitlines()
    assert result.returncode != 0
    assert 1 <= len(lines) <= 3, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("error: ")
    return lines


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_closed_port_is_three_lines_naming_the_server(command: str) -> None:
    result = _start(COMMANDS[command], CLOSED_PORT_URL)

    lines = _assert_short_failure(result)
    assert lines == [
        "error: nothing accepts connections at 127.0.0.1:1 (connection refused)",
        "  database: postgresql+asyncpg://postgres:***@127.0.0.1:1/app",
        "hint: start the database server, or set DATABASE_URL to one that runs",
    ]
    assert "s3cret" not in result.stderr


def test_debug_shows_the_traceback_too() -> None:
    flag = _start([*COMMANDS["migrate"][:2], "--debug", "migrate"], CLOSED_PORT_URL)
    level = _start(COMMANDS["worker"], CLOSED_PORT_URL, LOG_LEVEL="DEBUG")

    for result in (flag, level):
        assert result.returncode != 0
        assert "Traceback" in result.stderr
        assert result.stderr.splitlines()[-3].startswith("error: nothing accepts")


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never
    answers on them."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


def test_a_server_that_never_answers_is_a_timeout_naming_host_and_port(
    silent_server: int,
) -> None:
    url = f"postgresql://postgres@127.0.0.1:{silent_server}/app"

    result = _start(COMMANDS["migrate"], url, DATABASE_TIMEOUT_SECONDS="1")

    lines = _assert_short_failure(result)
    assert lines[0] == (
        f"error: the database server at 127.0.0.1:{silent_server} "
        "did not answer within 1 s"
    )
    assert "DATABASE_TIMEOUT_SECONDS" in lines[2]


def _admin_execute(statement: str) -> None:
    async def run() -> None:
        try:
            connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
        except (OSError, asyncpg.PostgresError, TimeoutError) as err:
            service_unavailable(f"PostgreSQL at {POSTGRES_ADMIN_URL}: {err}")
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run())


def _url_on_test_server(user: str, database: str) -> str:
    url = make_url(POSTGRES_ADMIN_URL).set(username=user, database=database)
    return url.render_as_string(hide_password=False)


@pytest.mark.postgres
def test_migrate_creates_a_missing_database_then_migrates_it() -> None:
    name = f"created_{uuid.uuid4().hex[:12]}"
    _admin_execute("SELECT 1")  # skips when the server is away
    try:
        result = _start(COMMANDS["migrate"], _url_on_test_server("postgres", name))

        assert result.returncode == 0, result.stderr
        assert "database is at the latest revision" in result.stdout
        again = _start(COMMANDS["migrate"], _url_on_test_server("postgres", name))
        assert again.returncode == 0, again.stderr
    finally:
        _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_a_missing_database_the_user_may_not_create_is_named_with_a_hint() -> None:
    role = f"no_createdb_{uuid.uuid4().hex[:12]}"
    name = f"missing_{uuid.uuid4().hex[:12]}"
    _admin_execute(f'CREATE ROLE "{role}" LOGIN NOCREATEDB')
    try:
        result = _start(COMMANDS["migrate"], _url_on_test_server(role, name))
    finally:
        _admin_execute(f'DROP ROLE "{role}"')

    lines = _assert_short_failure(result)
    assert lines[0].startswith(
        f"error: database '{name}' does not exist, and creating it failed"
    )
    assert "permission denied to create database" in lines[0]
    assert lines[2].startswith(
        f"hint: create it (createdb -h 127.0.0.1 -p 5432 -U {role}"
    )


@pytest.mark.postgres
def test_a_wrong_password_is_named_without_showing_it() -> None:
    with private_postgres() as port:
        url = f"postgresql://postgres:wrong-password@127.0.0.1:{port}/app"
        wrong = _start(COMMANDS["uvicorn"], url)
        right = _start(COMMANDS["migrate"], url.replace("wrong-password", PASSWORD))

    lines = _assert_short_failure(wrong)
    assert lines[0].startswith("error: the database server refused the password")
    assert (
        lines[1]
        == f"  database: postgresql+asyncpg://postgres:***@127.0.0.1:{port}/app"
    )
    assert lines[2] == "hint: check the user and password in DATABASE_URL"
    assert "wrong-password" not in wrong.stderr
    # The same server with the right password: created, then migrated.
    assert right.returncode == 0, right.stderr


def test_an_invalid_setting_is_named() -> None:
    result = _start(
        COMMANDS["migrate"], CLOSED_PORT_URL, DATABASE_TIMEOUT_SECONDS="soon"
    )

    lines = _assert_short_failure(result)
    assert lines[0].startswith("error: invalid setting DATABASE_TIMEOUT_SECONDS: ")
