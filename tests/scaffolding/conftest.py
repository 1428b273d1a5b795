"""The scaffolding commands, tried on copies of this repository.

Every test gets its project from `repository_copies.fresh(name)`: a copy
made once per worker and reset by git for each test that asks for it again
(tests/scaffolding/project_copy.py). `project` is such a copy for one test;
a module that scaffolds once for all its tests takes a copy of its own name
in a module-scoped fixture.
"""

from pathlib import Path

import pytest

from .project_copy import RepositoryCopies


@pytest.fixture(scope="session")
def repository_copies(tmp_path_factory: pytest.TempPathFactory) -> RepositoryCopies:
    return RepositoryCopies(tmp_path_factory.mktemp("repository-copies"))


@pytest.fixture(scope="session")
def repository_template(repository_copies: RepositoryCopies) -> Path:
    """A pristine copy of the repository; never modified."""
    return repository_copies.fresh("pristine")


@pytest.fixture
def project(repository_copies: RepositoryCopies) -> Path:
    """A copy to scaffold into, as copied: whatever the test before changed
    in it is undone."""
    return repository_copies.fresh("project")
