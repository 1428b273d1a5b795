"""A resource end to end (issue 17): on a copy of a service made from the
base, one `resource` command, then the gates and the tests it wrote, in one
pytest run on both databases (use cases on fakes, the five routes, their
errors and who may call them), beside the service's own checks of every
route's error map and OpenAPI document, which now include its routes.

What the builder writes, what it refuses and what `remove` plans are in
tests/tools/test_kind_resource.py; this module pays for the copy, the
command and the runs once."""

import sys
from pathlib import Path

import pytest

from .project_copy import RepositoryCopies, add_adapter, each_quality_gate, run_in

pytestmark = pytest.mark.expensive

COMMAND = (
    "resource",
    "SampleBook",
    "--field",
    "title: str",
    "--field",
    "isbn: str [unique=True]",
    "--operations",
    "create,get,list,update,delete",
    # Beyond the defaults (reads public, writes admin): a signed-in list,
    # and the create's event.
    "--auth",
    "list=user",
    "--event",
    "--no-input",
)
GENERATED_TESTS = (
    "tests/unit/test_sample_books_use_cases.py",
    "tests/http/test_sample_books.py",
    "tests/contracts/test_sample_book_data_mapper.py",
    "tests/contracts/test_sample_book_reader.py",
)
# The service's own checks over every route, these included.
ROUTE_CHECKS = ("tests/http/test_error_contract.py", "tests/http/test_openapi.py")


@pytest.fixture(scope="module")
def scaffolded(repository_copies: RepositoryCopies) -> Path:
    root = repository_copies.fresh("resource")
    run = add_adapter(root, *COMMAND)
    assert run.exit_code == 0, run.output
    return root


def test_the_five_routes_are_served_under_the_plural(scaffolded: Path) -> None:
    router = (scaffolded / "src/app/presentation/http/router.py").read_text(
        encoding="utf-8"
    )
    controller = (
        scaffolded / "src/app/presentation/http/controllers/sample_books.py"
    ).read_text(encoding="utf-8")

    assert "    sample_books.router,\n" in router
    assert 'prefix="/api/v1/sample-books"' in controller
    for route in ('get("",', 'get("/{sample_book_id}",', "post(", "patch(", "delete("):
        assert f"@router.{route}" in controller


@each_quality_gate
def test_quality_gates_pass_without_hand_edits(
    scaffolded: Path, command: tuple[str, ...]
) -> None:
    run = run_in(scaffolded, *command)

    assert run.exit_code == 0, run.output


def test_the_generated_tests_pass_on_both_databases(scaffolded: Path) -> None:
    run = run_in(
        scaffolded,
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *GENERATED_TESTS,
        *ROUTE_CHECKS,
        timeout=600,
    )

    assert run.exit_code == 0, run.output[-5000:]
    last_line = run.stdout.splitlines()[-1]
    assert " passed" in last_line
    assert " skipped" not in last_line
