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
import venv
from pathlib import Path

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
    for check in CHECKS:
        print(f"$ {' '.join(check)}", flush=True)
        if code := _call(check):
            return code
    print("$ pytest", flush=True)
    return _call(["pytest", *pytest_args])


def _tool(command: list[str]) -> list[str]:
    return [str(BIN / command[0]), *command[1:]]


def _call(command: list[str]) -> int:
    return subprocess.call(_tool(command), cwd=ROOT)


def _run(command: list[str]) -> None:
    subprocess.run(_tool(command), cwd=ROOT, check=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
