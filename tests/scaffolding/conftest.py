"""The scaffolding commands, tried on copies of this repository."""

import shutil
from pathlib import Path

import pytest

from .project_copy import copy_repository


@pytest.fixture(scope="session")
def repository_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pristine copy of the repository; never modified."""
    return copy_repository(tmp_path_factory.mktemp("clone") / "project")


@pytest.fixture
def project(repository_template: Path, tmp_path: Path) -> Path:
    """A private copy to scaffold into."""
    return Path(shutil.copytree(repository_template, tmp_path / "project"))
