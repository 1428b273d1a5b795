#!/usr/bin/env python3
"""The two Quick start commands; needs nothing but Python 3.11+.

    python3 scripts/dev.py serve   # install, migrate, serve on http://127.0.0.1:8000
    python3 scripts/dev.py test    # install, then every check and test

Both create .venv and install the project into it when pyproject.toml has
changed since the last install, so they work on a fresh clone.
"""

import hashlib
import os
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

# `test` reports the time taken since, installing included.
STARTED = time.monotonic()
ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".install-stamp"

CHECKS: list[list[str]] = [
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["mypy", "src", "setup", "scripts", "benchmarks"],
    ["lint-imports"],
    ["python", "scripts/add-adapter", "check"],
]


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in {"serve", "test"}:
        print(__doc__, file=sys.stderr)
        return 2
    _install()
    if argv[0] == "serve":
        return _serve(argv[1:])
    return _test(argv[1:])


def _install() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing the project and its tools into .venv", flush=True)
    _run(["python", "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    _run(["python", "-m", "pip", "install", "--quiet", "-e", ".[dev]"])
    STAMP.write_text(wanted)


def _serve(extra: list[str]) -> int:
    _run(["python", "-m", "setup.cli", "migrate"])
    return _call(["uvicorn", "setup.main:app", *(extra or ["--port", "8000"])])


def _test(pytest_args: list[str]) -> int:
    """The checks at once, then pytest in one worker per core (pytest-xdist)
    unless told otherwise (`-n 0` runs serially); the time each part took."""
    started = time.monotonic()
    code = _check()
    checked = time.monotonic()
    parts = f"installing {started - STARTED:.0f} s, checks {checked - started:.0f} s"
    if code == 0:
        command = ["pytest", *_in_parallel_by_default(pytest_args)]
        print(f"$ {' '.join(command)}", flush=True)
        code = _call(command)
        parts += f", pytest {time.monotonic() - checked:.0f} s"
    outcome = "passed" if code == 0 else "FAILED"
    print(f"{outcome} in {time.monotonic() - STARTED:.0f} s: {parts}", flush=True)
    return code


def _check() -> int:
    """Runs every check at once, each writing to a file of its own; prints
    their outputs whole, in CHECKS order. The first check to fail stops the
    others, and its output is printed at once."""
    with tempfile.TemporaryDirectory() as directory:
        outputs = [Path(directory) / str(number) for number in range(len(CHECKS))]
        running = [
            _start(check, output) for check, output in zip(CHECKS, outputs, strict=True)
        ]
        shown = 0
        while shown < len(CHECKS):
            failed = [n for n, process in enumerate(running) if process.poll()]
            if failed:
                for process in running:
                    process.kill()
                    process.wait()
                _show(CHECKS[failed[0]], outputs[failed[0]])
                return running[failed[0]].returncode
            while shown < len(CHECKS) and running[shown].poll() == 0:
                _show(CHECKS[shown], outputs[shown])
                shown += 1
            time.sleep(0.05)
    return 0


def _start(check: list[str], output: Path) -> subprocess.Popen[bytes]:
    with output.open("wb") as file:
        return subprocess.Popen(
            _tool(check), cwd=ROOT, stdout=file, stderr=subprocess.STDOUT
        )


def _show(check: list[str], output: Path) -> None:
    print(f"$ {' '.join(check)}", flush=True)
    sys.stdout.buffer.write(output.read_bytes())
    sys.stdout.flush()


def _in_parallel_by_default(pytest_args: list[str]) -> list[str]:
    """One worker per core unless the arguments say how many (`-n 0`: none,
    all in one process). A worker takes a whole test module at a time, so a
    module's fixtures are made once, in the order tests/conftest.py sets
    (the slowest modules first)."""
    defaults: list[str] = []
    if not _given(pytest_args, "-n", "--numprocesses"):
        # Each worker has a Redis database of its own, and a Redis server
        # has 16 (tests/support/workers.py).
        defaults += ["-n", "auto", "--maxprocesses", "15"]
    if not _given(pytest_args, "--dist"):
        defaults += ["--dist", "loadscope", "--no-loadscope-reorder"]
    return [*defaults, *pytest_args]


def _given(arguments: list[str], *options: str) -> bool:
    return any(argument.startswith(options) for argument in arguments)


def _tool(command: list[str]) -> list[str]:
    return [str(BIN / command[0]), *command[1:]]


def _call(command: list[str]) -> int:
    return subprocess.call(_tool(command), cwd=ROOT)


def _run(command: list[str]) -> None:
    subprocess.run(_tool(command), cwd=ROOT, check=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
