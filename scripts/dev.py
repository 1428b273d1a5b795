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
import venv
from pathlib import Path

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
