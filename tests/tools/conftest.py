"""Fixture projects for the `scripts/add-adapter` tests: written and synced
once per session, copied for each test that changes it."""

import shutil
from pathlib import Path

import pytest

from tests.scaffolding.project_copy import copy_repository, made_service

from .fixture_project import write_fixture_project
from .tool_runner import run_tool


@pytest.fixture(scope="session")
def synced_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project after `sync` and `schema`: a project that passes
    `check`. Never modified by tests; copy it with the `project` fixture."""
    root = tmp_path_factory.mktemp("synced") / "project"
    write_fixture_project(root)
    for command in ("sync", "schema"):
        run = run_tool(root, command)
        assert run.exit_code == 0, run.output
    return root


@pytest.fixture
def project(synced_template: Path, tmp_path: Path) -> Path:
    """A private copy of the synced fixture project."""
    return Path(shutil.copytree(synced_template, tmp_path / "project"))


@pytest.fixture
def unsynced_project(tmp_path: Path) -> Path:
    """The fixture project before any generated file exists."""
    root = tmp_path / "project"
    write_fixture_project(root)
    return root


@pytest.fixture(scope="session")
def pristine_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A service made by `new` from the work tree, as the scaffolding tests
    scaffold into (tests/scaffolding/project_copy.py); never modified."""
    return made_service(tmp_path_factory)


@pytest.fixture
def repo(pristine_repo: Path, tmp_path: Path) -> Path:
    """A private copy a test may change."""
    return copy_repository(tmp_path / "project", pristine_repo)
