"""The service as an operator runs it: `uvicorn setup.main:app` in a process
of its own on a free loopback port, stopped with SIGTERM."""

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from tests.support.warm_python import warm_interpreter

ROOT = Path(__file__).resolve().parents[2]


class ServerProcess:
    def __init__(self, environment: dict[str, str], log: Path, *arguments: str) -> None:
        self.port = _free_port()
        self._arguments = arguments
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log
        self._environment = {**os.environ, "LOG_FORMAT": "json", **environment}
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Starts the server and returns once it answers /health/live."""
        command = [str(warm_interpreter()), "-m", "uvicorn", "setup.main:app"]
        with self._log.open("wb") as log:
            self._process = subprocess.Popen(
                [*command, "--port", str(self.port), *self._arguments],
                cwd=ROOT,
                env=self._environment,
                stderr=log,
                stdout=log,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise AssertionError(f"the server stopped:\n{self.log_text()}")
            try:
                if httpx.get(f"{self.url}/health/live", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError(f"the server did not answer:\n{self.log_text()}")

    def terminate(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float = 30) -> int:
        assert self._process is not None
        return self._process.wait(timeout)

    def stopped_gracefully(self, timeout: float = 30) -> bool:
        """Waits for the process; whether it shut down as SIGTERM asks:
        lifespan finished, then the signal re-raised (uvicorn exits by the
        signal it caught, as a process without handlers would)."""
        code = self.wait(timeout)
        finished = "Application shutdown complete." in self.log_text()
        return code in (0, -signal.SIGTERM) and finished

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(10)

    def log_text(self) -> str:
        return self._log.read_text(errors="replace")

    def log_lines(self) -> list[dict[str, Any]]:
        """Every line the server wrote, each parsed as JSON (it fails on a
        line that is not one JSON object)."""
        return [json.loads(line) for line in self.log_text().splitlines()]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
