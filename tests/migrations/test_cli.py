"""The operator commands in setup/cli.py, run as an operator would."""

import os
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.support.warm_python import warm_interpreter

ROOT = Path(__file__).resolve().parents[2]


def _cli(
    database: Path, *arguments: str, password: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "ADMIN_PASSWORD": password,
    }
    return subprocess.run(
        [str(warm_interpreter()), "-m", "setup.cli", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _users(database: Path) -> list[tuple[str, str, bool]]:
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT email, role, is_active FROM users"))
        users = [(row[0], row[1], bool(row[2])) for row in rows]
    engine.dispose()
    return users


def test_create_admin_migrates_and_creates_the_admin_once(tmp_path: Path) -> None:
    database = tmp_path / "cli.db"

    first = _cli(database, "create-admin", "Boss@Example.com", password="boss-password")
    again = _cli(database, "create-admin", "boss@example.com", password="boss-password")

    assert first.returncode == 0, first.stderr
    assert "admin Boss@Example.com" in first.stdout
    assert again.returncode == 0, again.stderr
    assert _users(database) == [("boss@example.com", "admin", True)]


def test_create_admin_refuses_a_bad_password_and_writes_no_user(tmp_path: Path) -> None:
    database = tmp_path / "cli.db"

    result = _cli(database, "create-admin", "boss@example.com", password="short")

    assert result.returncode == 2
    assert "password" in result.stderr
    assert _users(database) == []
