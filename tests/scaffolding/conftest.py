"""The scaffolding commands, tried on copies of a service made from this
base (tests/scaffolding/project_copy.py).

Every test gets its project from `repository_copies.fresh(name)`: a copy
made once per worker and reset by git for each test that asks for it again.
`project` is such a copy for one test; a module that scaffolds once for all
its tests takes a copy of its own name in a module-scoped fixture.
"""

from pathlib import Path

import pytest

from .project_copy import RepositoryCopies, made_service


@pytest.fixture(scope="session")
def service_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The service `new` makes from the work tree; never modified."""
    return made_service(tmp_path_factory)


@pytest.fixture(scope="session")
def repository_copies(
    tmp_path_factory: pytest.TempPathFactory, service_template: Path
) -> RepositoryCopies:
    return RepositoryCopies(
        tmp_path_factory.mktemp("repository-copies"), service_template
    )


@pytest.fixture(scope="session")
def repository_template(repository_copies: RepositoryCopies) -> Path:
    """A pristine copy of the service; never modified."""
    return repository_copies.fresh("pristine")


@pytest.fixture
def project(repository_copies: RepositoryCopies) -> Path:
    """A copy to scaffold into, as copied: whatever the test before changed
    in it is undone."""
    return repository_copies.fresh("project")
