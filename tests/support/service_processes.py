"""The service as it runs in production, for scale-out tests and
benchmarks: app processes (uvicorn on free ports) and workers
(``python -m setup.worker``), each a subprocess of its own, configured by
environment variables only."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.backing_services import RABBITMQ_URL, REDIS_URL

REPO_ROOT = Path(__file__).resolve().parents[2]
# What a test or benchmark needs from every process: cheap password hashing
# and plain-HTTP cookies (its clients are not browsers on HTTPS).
TEST_ENVIRONMENT = {
    "SESSION_COOKIE_SECURE": "false",
    "ARGON2_TIME_COST": "1",
    "ARGON2_MEMORY_COST_KIB": "1024",
    "ARGON2_PARALLELISM": "1",
}
STOP_SECONDS = 10.0


@dataclass
class ServiceProcess:
    process: subprocess.Popen[bytes]
    # Where an app process answers (None for a worker).
    url: str | None
    # Its output (stdout and stderr together).
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def with_every_service(
    database_url: str, exchange: str, admin: tuple[str, str]
) -> dict[str, str]:
    """The settings of processes on this PostgreSQL database and the test
    Redis and RabbitMQ (events on ``exchange``), with ``admin`` (email,
    password) as their first admin."""
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "AMQP_URL": RABBITMQ_URL,
        "RABBITMQ_EXCHANGE": exchange,
        "INITIAL_ADMIN_EMAIL": admin[0],
        "INITIAL_ADMIN_PASSWORD": admin[1],
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def environment(settings: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without the service's own settings (a
    developer's DATABASE_URL must not leak in), plus ``settings``."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DATABASE_", "REDIS_", "AMQP_", "RABBITMQ_"))
    }
    return {**env, **TEST_ENVIRONMENT, **settings}


def start_app(
    settings: Mapping[str, str],
    log: Path,
    app: str = "setup.main:app",
    python: str = sys.executable,
) -> ServiceProcess:
    """uvicorn serving ``app`` (the service's unless a benchmark brings its
    own) on a free port, with ``settings`` as its environment, on ``python``
    (tests pass the warm interpreter; benchmarks keep the real one)."""
    port = free_port()
    command = [
        python,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
    ]
    return ServiceProcess(
        _spawn(command, settings, log), f"http://127.0.0.1:{port}", log
    )


def start_worker(
    settings: Mapping[str, str], log: Path, python: str = sys.executable
) -> ServiceProcess:
    command = [python, "-m", "setup.worker"]
    return ServiceProcess(_spawn(command, settings, log), None, log)


def _spawn(
    command: list[str], settings: Mapping[str, str], log: Path
) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=environment(settings),
            stdout=output,
            stderr=subprocess.STDOUT,
        )


async def wait_until_serving(app: ServiceProcess, within: float = 60.0) -> None:
    """Returns once the app answers /health 200; raises with its output if it
    exits or does not within ``within`` seconds."""
    assert app.url is not None
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    async with httpx.AsyncClient(base_url=app.url, timeout=2) as client:
        while loop.time() < deadline:
            if app.process.poll() is not None:
                raise RuntimeError(f"the app exited:\n{app.output()}")
            try:
                if (await client.get("/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"the app did not start within {within} s:\n{app.output()}")


def stop(*services: ServiceProcess) -> None:
    """SIGTERM to each (they stop side by side), then SIGKILL to any that
    has not stopped within STOP_SECONDS."""
    running = [s.process for s in services if s.process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGTERM)
    for process in running:
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def stopped_at_exit(services: list[ServiceProcess]) -> Iterator[list[ServiceProcess]]:
    """Stops every process of ``services`` (started meanwhile too) on exit."""
    try:
        yield services
    finally:
        stop(*services)
