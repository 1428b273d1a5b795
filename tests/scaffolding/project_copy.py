"""A copy of this repository to scaffold into, as a new user's clone would
be, and running commands in it."""

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def copy_repository(target: Path) -> Path:
    """Every file git would put in a clone (committed or not yet), no venv."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO_ROOT / name
        if source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    return target


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_in(
    root: Path, *command: str, timeout: float = 300, stdin: str | None = None
) -> Run:
    """A command in the copy, with the copy's code first on the path."""
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PATH": os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "")]),
    }
    environment.pop("ADD_ADAPTER_ROOT", None)
    completed = subprocess.run(
        list(command),
        cwd=root,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def add_adapter(root: Path, *arguments: str, stdin: str | None = None) -> Run:
    """The copy's own `scripts/add-adapter`."""
    return run_in(
        root,
        sys.executable,
        str(root / "scripts" / "add-adapter"),
        *arguments,
        stdin=stdin,
    )


def tree_digest(root: Path) -> dict[str, str]:
    """Hash of every file under src/, setup/ and tests/: equal digests mean
    nothing was written."""
    digest = {}
    for directory in ("src", "setup", "tests"):
        for path in sorted((root / directory).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest[path.relative_to(root).as_posix()] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return digest


VERSIONS = Path("src/app/infrastructure/persistence/migrations/versions")


def revision_name(root: Path, slug: str, ahead: int = 1) -> str:
    """The file name of the `ahead`-th revision after the last one:
    `0005_create_invoices_table.py`."""
    numbers = [int(path.name[:4]) for path in (root / VERSIONS).glob("[0-9]*.py")]
    return f"{max(numbers, default=0) + ahead:04d}_{slug}.py"


each_quality_gate = pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "."),
        ("ruff", "format", "--check", "."),
        ("mypy", "src", "setup", "scripts"),
        ("lint-imports",),
    ],
    ids=["ruff-check", "ruff-format", "mypy", "import-linter"],
)
"""The project's own checks, run in a copy after scaffolding into it."""
