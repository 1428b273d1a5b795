"""What the scaffolding tests scaffold into, and running commands there.

The scaffolder's tests run on a service made by `new` from the work tree
(`made_service`: copy_working_tree + make_service, once per run), not on the
base: they pass the same in the base and in every service made from it, and
never depend on the base's demo. Only the tests of removing what the base
ships (`remove` of its shipped adapters) copy the base itself. What a copy
holds is `copy_repository`'s business.

The entities these tests scaffold are the tests' samples, and say so:
`SampleInvoice` (table `sample_invoices`), `SampleMember`, `SampleBook`...
A team's own aggregates in a service made from this base (its books,
members and loans) never collide with them. One exception: `tenants`, which
a `tenant_id` column (the scaffolder's tenant scoping) refers to by name.

`RepositoryCopies` makes each named copy once per worker and resets it with
git when it is asked for again, so a test pays a `git reset` rather than a
copy. mypy and ruff keep their caches outside the copies, shared by every
copy of the worker (`tool_caches`); mypy's starts from the repository's own,
which `scripts/dev.py test` has just filled.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from service_base.record import ServiceRecord
from service_base.render import copy_working_tree, make_service
from tests.support.backing_services import REDIS_URL
from tests.support.warm_python import warm_interpreter
from tests.support.workers import XDIST_VARIABLES, once_per_run, run_directory

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SERVICE_NAME = "sample-service"


def made_service(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The service `new` makes from the work tree (committed or not), made
    once per run by the first worker that asks; never modified."""
    directory = run_directory(tmp_path_factory)

    def make() -> str:
        root = directory / "made-service" / SERVICE_NAME
        shutil.rmtree(root, ignore_errors=True)
        copy_working_tree(REPO_ROOT, root)
        record = ServiceRecord(SERVICE_NAME, str(REPO_ROOT), _head_commit())
        make_service(root, record, warm_interpreter())
        return str(root)

    return Path(once_per_run(directory, "made-service", make))


def copy_repository(target: Path, service: Path | None) -> Path:
    """What a test scaffolds into, at `target`: a copy of `service` (see
    `made_service`), or with None the base's own files as a commit of its
    work tree would hold them (no venv)."""
    if service is None:
        copy_working_tree(REPO_ROOT, target)
    else:
        shutil.copytree(service, target, dirs_exist_ok=True)
    return target


class RepositoryCopies:
    """Named copies in `root`, each one a git repository committed as it was
    copied: of the made service (`fresh`) or of the base (`fresh_base`).
    Asked for again, a copy is reset to that commit: files changed, added or
    deleted since (ignored ones included) are as they were."""

    def __init__(self, root: Path, service: Path) -> None:
        self._root = root
        self._service = service

    def fresh(self, name: str) -> Path:
        """The copy `name` of the service, as `copy_repository` made it."""
        return self._fresh(self._root / name, self._service)

    def fresh_base(self, name: str) -> Path:
        """The copy `name` of the base, as `copy_repository` made it."""
        return self._fresh(self._root / f"base-{name}", None)

    @staticmethod
    def _fresh(path: Path, service: Path | None) -> Path:
        if (path / ".git").is_dir():
            _git(path, "reset", "--hard", "--quiet")
            _git(path, "clean", "-d", "-x", "--force", "--quiet")
            return path
        copy_repository(path, service)
        _git(path, "init", "--quiet")
        _git(path, "add", "--all")
        _git(path, "commit", "--quiet", "--no-verify", "--message", "copied")
        return path


def _head_commit() -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


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
    """The copy's own `scripts/add-adapter`, on the warm interpreter."""
    return run_in(
        root,
        str(warm_interpreter()),
        str(root / "scripts" / "add-adapter"),
        *arguments,
        stdin=stdin,
    )


def pytest_in(root: Path, *arguments: str, timeout: float = 300) -> Run:
    """The copy's pytest on `arguments` (its options and tests), on the warm
    interpreter, as are the processes its tests start."""
    return run_in(
        root,
        str(warm_interpreter()),
        *("-m", "pytest", "-p", "no:cacheprovider"),
        *arguments,
        timeout=timeout,
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


def spec_entries(root: Path) -> dict[str, dict[str, object]]:
    """The spec's entries, by class name."""
    spec = json.loads((root / "setup/spec.json").read_text(encoding="utf-8"))
    return {entry["class_name"]: entry for entry in spec["components"]}


def bound_to(root: Path, port: str) -> dict[str, object]:
    """The one spec entry that implements `port` (as written there)."""
    [entry] = [e for e in spec_entries(root).values() if e.get("implements") == port]
    return entry


VERSIONS = Path("src/app/infrastructure/persistence/migrations/versions")

MIGRATION_TESTS = "tests/migrations/test_migrations.py"
"""The migration tests a scaffolded migration can fail: the stairway, models
and migrations agreeing, one line of revisions per folder. The rest of
tests/migrations (`setup.cli`, the commands' start failures on a private
PostgreSQL) never reads what the scaffolder writes; it runs in the base, and
in test_new_user's copy with the whole suite."""


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
