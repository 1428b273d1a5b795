"""A copy of this repository to scaffold into, as a new user's clone would
be, and running commands in it.

What a copy holds is `copy_repository`'s business; `RepositoryCopies` makes
each named copy once per worker and resets it with git when it is asked for
again, so a test pays a `git reset` rather than a copy. mypy and ruff keep
their caches outside the copies, shared by every copy of the worker
(`tool_caches`); mypy's starts from the repository's own, which
`scripts/dev.py test` has just filled.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.backing_services import REDIS_URL
from tests.support.workers import XDIST_VARIABLES

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


class RepositoryCopies:
    """Named copies of the repository in `root`, each one a git repository
    committed as it was copied. Asked for again, a copy is reset to that
    commit: files changed, added or deleted since (ignored ones included)
    are as they were."""

    def __init__(self, root: Path) -> None:
        self._root = root

    def fresh(self, name: str) -> Path:
        """The copy `name`, as `copy_repository` made it."""
        path = self._root / name
        if (path / ".git").is_dir():
            _git(path, "reset", "--hard", "--quiet")
            _git(path, "clean", "-d", "-x", "--force", "--quiet")
            return path
        copy_repository(path)
        _git(path, "init", "--quiet")
        _git(path, "add", "--all")
        _git(path, "commit", "--quiet", "--no-verify", "--message", "copied")
        return path


# Whatever the user's git configuration says about committing.
_GIT_SETTINGS = [
    *("-c", "user.name=tests"),
    *("-c", "user.email=tests@localhost"),
    *("-c", "commit.gpgsign=false"),
]


def _git(root: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", *_GIT_SETTINGS, *arguments],
        cwd=root,
        capture_output=True,
        check=True,
    )


def tool_caches(root: Path) -> dict[str, str]:
    """The environment that points mypy and ruff at the caches shared by the
    copies beside `root`. mypy checks a cached module's hash whenever its
    path differs from the cached one's, so a cache filled in another copy
    never stands for a changed file."""
    caches = root.parent / "tool-caches"
    mypy = caches / "mypy"
    if not mypy.exists() and (REPO_ROOT / ".mypy_cache").is_dir():
        shutil.copytree(REPO_ROOT / ".mypy_cache", mypy)
    return {"MYPY_CACHE_DIR": str(mypy), "RUFF_CACHE_DIR": str(caches / "ruff")}


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
    """A command in the copy, with the copy's code first on the path. A
    pytest run there is a run of its own, not one of this run's workers, and
    uses this worker's Redis database (this worker waits for it)."""
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PATH": os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "")]),
        "TEST_REDIS_URL": REDIS_URL,
        **tool_caches(root),
    }
    for name in ("ADD_ADAPTER_ROOT", *XDIST_VARIABLES):
        environment.pop(name, None)
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
