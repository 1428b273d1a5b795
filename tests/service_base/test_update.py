"""`python3 scripts/dev.py update`: the base's changes since the recorded
commit, merged into a service the team has changed."""

import json
import subprocess
from pathlib import Path

import pytest

from service_base.errors import ServiceBaseError
from service_base.git import commit_all, git, head_commit
from service_base.record import ServiceRecord, read_record
from service_base.render import render_service
from service_base.update import update
from tests.support.warm_python import warm_interpreter

from .conftest import NAME, REPO_ROOT

PYTHON = warm_interpreter()
SHARED = Path("src/app/application/common/pagination.py")
NEW_FILE = Path("src/app/application/common/clock.py")


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A clone of this repository's last commit, which the test changes."""
    clone = tmp_path / "base"
    git(tmp_path, "clone", "--quiet", str(REPO_ROOT), str(clone))
    return clone


@pytest.fixture
def service(base: Path, tmp_path: Path) -> Path:
    """A service made from the base, as `dev.py new` makes it."""
    root = tmp_path / NAME
    record = ServiceRecord(name=NAME, source=str(base), commit=head_commit(base))
    render_service(base, record, root, PYTHON)
    git(root, "init", "--quiet")
    commit_all(root, "Start")
    return root


def commit_change(root: Path, path: Path, old: str, new: str) -> None:
    text = (root / path).read_text()
    assert old in text, f"{path} no longer holds {old!r}: choose another line"
    (root / path).write_text(text.replace(old, new, 1))
    commit_all(root, f"change {path}")


def test_the_base_s_fix_and_new_file_join_the_team_s_change(
    base: Path, service: Path
) -> None:
    commit_change(
        service, Path("README.md"), "## Quick start", "## Quick start\n\nOurs."
    )
    lines = (base / SHARED).read_text().splitlines()
    commit_change(base, SHARED, lines[0], lines[0] + "  # fixed in the base")
    (base / NEW_FILE).write_text('"""A clock."""\n')
    commit_all(base, "add a file")

    preview = update(service, None, PYTHON, dry_run=True)

    assert preview is not None
    assert f"A\t{NEW_FILE.as_posix()}" in preview.changed
    assert f"M\t{SHARED.as_posix()}" in preview.changed
    assert git(service, "status", "--porcelain") == ""

    plan = update(service, None, PYTHON, dry_run=False)

    assert plan is not None
    assert plan.conflicts == []
    assert "# fixed in the base" in (service / SHARED).read_text()
    assert (service / NEW_FILE).read_text() == '"""A clock."""\n'
    assert "Ours." in (service / "README.md").read_text()
    assert read_record(service).commit == head_commit(base)
    checked = subprocess.run(
        [PYTHON, "scripts/add-adapter", "check"],
        cwd=service,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_both_changing_one_line_is_a_conflict_left_with_markers(
    base: Path, service: Path
) -> None:
    line = (base / SHARED).read_text().splitlines()[0]
    commit_change(service, SHARED, line, line + "  # ours")
    commit_change(base, SHARED, line, line + "  # theirs")

    plan = update(service, None, PYTHON, dry_run=False)

    assert plan is not None
    assert plan.conflicts == [SHARED.as_posix()]
    text = (service / SHARED).read_text()
    assert "<<<<<<<" in text
    assert "# ours" in text
    assert "# theirs" in text


def test_uncommitted_changes_stop_the_update(base: Path, service: Path) -> None:
    (service / "notes.txt").write_text("mine")

    with pytest.raises(ServiceBaseError, match="uncommitted changes"):
        update(service, None, PYTHON, dry_run=False)


def test_an_up_to_date_service_is_left_alone(service: Path) -> None:
    assert update(service, None, PYTHON, dry_run=False) is None
    record = json.loads((service / ".service-base.json").read_text())
    assert record["name"] == NAME
