"""A PostgreSQL server of a test's own, with password logins (the shared
one trusts every local login, so a wrong password would pass there)."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.services import service_unavailable

PASSWORD = "the-right-password"


@contextmanager
def private_postgres() -> Iterator[int]:
    """Starts a throwaway cluster on a free loopback port (user postgres,
    password PASSWORD, scram-sha-256); yields the port, then stops it and
    deletes its files. Its folder is a new one under /tmp: user postgres
    cannot enter pytest's (mode 0700, root's)."""
    bin_dir = _bin_dir()
    with (
        tempfile.TemporaryDirectory(prefix="private-postgres-") as name,
        _cluster(bin_dir, Path(name)) as port,
    ):
        yield port


@contextmanager
def _cluster(bin_dir: str, folder: Path) -> Iterator[int]:
    password_file = folder / "password"
    password_file.write_text(PASSWORD)
    data = folder / "data"
    port = _free_port()
    _as_postgres_user(folder)
    initdb = [f"{bin_dir}/initdb", "-D", str(data), "-U", "postgres", "-N"]
    _run([*initdb, f"--pwfile={password_file}", "--auth=scram-sha-256"])
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = f"{bin_dir}/pg_ctl"
    _run(
        [
            pg_ctl,
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-l",
            str(folder / "log"),
            "start",
        ]
    )
    try:
        yield port
    finally:
        _run([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"])


def _bin_dir() -> str:
    found = shutil.which("initdb")
    if found:
        return str(Path(found).resolve().parent)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        service_unavailable("PostgreSQL's initdb is not installed")
    return str(Path(candidates[-1]).parent)


def _as_postgres_user(folder: Path) -> None:
    # initdb refuses to run as root: the cluster belongs to user postgres.
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        for path in folder.iterdir():
            shutil.chown(path, "postgres")


def _run(command: list[str]) -> None:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
