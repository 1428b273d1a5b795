#!/usr/bin/env python3
"""The two Quick start commands; needs nothing but Python 3.11+.

    python3 scripts/dev.py serve   # install, migrate, serve on http://127.0.0.1:8000
    python3 scripts/dev.py test    # install, then every check and test

Both create .venv and install the locked dependencies (requirements/dev.txt,
checked against its hashes) and the project into it when the lock or
pyproject.toml has changed since the last install, so they work on a fresh
clone. `serve --debug` shows the traceback of a failed start.
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
LOCK = ROOT / "requirements" / "dev.txt"
COMMANDS = {"serve", "test"}

CHECKS: list[list[str]] = [
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["mypy", "src", "setup", "scripts", "benchmarks"],
    ["lint-imports"],
    ["python", "scripts/add-adapter", "check"],
]


def main(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"], ["help"]):
        print(__doc__)
        return 0
    if len(argv) < 1 or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    _install()
    if argv[0] == "serve":
        return _serve(argv[1:])
    return _test(argv[1:])


def _install() -> None:
    digest = hashlib.sha256()
    for path in (ROOT / "pyproject.toml", LOCK):
        digest.update(path.read_bytes())
    wanted = digest.hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing the locked dependencies and the project into .venv", flush=True)
    pip = ["python", "-m", "pip", "install", "--quiet"]
    _run([*pip, "--upgrade", "pip"])
    # Exactly the versions the lock names, each checked against its hashes;
    # then the project alone, so nothing unlocked comes in through it.
    _run([*pip, "--require-hashes", "-r", str(LOCK)])
    _run([*pip, "--no-deps", "-e", "."])
    STAMP.write_text(wanted)


def _serve(extra: list[str]) -> int:
    debug = ["--debug"] if "--debug" in extra else []
    extra = [argument for argument in extra if argument != "--debug"]
    if code := _call(["python", "-m", "setup.cli", *debug, "migrate"]):
        return code  # its error is already on stderr
    if debug:
        os.environ["LOG_LEVEL"] = "DEBUG"
    # Replaces this process, so stopping its PID (Ctrl-C, kill) stops the
    # server itself, with nothing left behind.
    command = _tool(["uvicorn", "setup.main:app", *(extra or ["--port", "8000"])])
    os.chdir(ROOT)
    return os.execv(command[0], command)


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
