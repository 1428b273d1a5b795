"""Resources end to end (issue 17): on a copy of a service made from the
base, one `resource` command and one `from-json` of a seed-001 array (an
entity, an interface, two use cases, a schema and a router), then the gates
and the tests they wrote, in one pytest run on both databases (use cases on
fakes, the routes, their errors and who may call them), beside the
service's own checks of every route's error map and OpenAPI document, which
now include theirs; last, `remove` of the resource.

What the builder writes, what it refuses and what `remove` plans are in
tests/tools/test_kind_resource.py, what seed items become in
tests/tools/test_seed_resource_items.py; this module pays for the copy, the
commands and the runs once."""

import json
from pathlib import Path

import pytest

from .project_copy import (
    RepositoryCopies,
    add_adapter,
    each_quality_gate,
    pytest_in,
    run_in,
)

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
SEED_ITEMS = [
    {
        "class_name": "SampleCrate",
        "layer": "domain/entity",
        "attributes": ["label: str", "capacity: int"],
    },
    {
        "class_name": "ISampleCrateRepository",
        "layer": "application/interface",
        "methods": [
            {
                "method_name": "add",
                "parameters": ["sample_crate: SampleCrate"],
                "return_type": "None",
            },
            {
                "method_name": "get_by_id",
                "parameters": ["sample_crate_id: UUID"],
                "return_type": "SampleCrate",
            },
        ],
    },
    {
        "class_name": "AddSampleCrate",
        "layer": "application/use_case",
        "dependencies": ["ISampleCrateRepository"],
    },
    {
        "class_name": "DeleteSampleCrate",
        "layer": "application/use_case",
        "dependencies": ["ISampleCrateRepository"],
    },
    {
        "class_name": "SampleCrateSchema",
        "layer": "presentation/schema",
        "attributes": ["label: str", "capacity: int"],
    },
    {
        "class_name": "SampleCrateRouter",
        "layer": "presentation/router",
        "methods": [
            {"method_name": "add_sample_crate", "return_type": "dict"},
            {"method_name": "delete_sample_crate", "return_type": "None"},
        ],
    },
]
GENERATED_TESTS = (
    "tests/unit/test_sample_books_use_cases.py",
    "tests/http/test_sample_books.py",
    "tests/contracts/test_sample_book_data_mapper.py",
    "tests/contracts/test_sample_book_reader.py",
    "tests/unit/test_sample_crates_use_cases.py",
    "tests/http/test_sample_crates.py",
    "tests/contracts/test_sample_crate_repository.py",
)
# The service's own checks over every route, these included.
ROUTE_CHECKS = ("tests/http/test_error_contract.py", "tests/http/test_openapi.py")


@pytest.fixture(scope="module")
def scaffolded(repository_copies: RepositoryCopies) -> Path:
    root = repository_copies.fresh("resource")
    run = add_adapter(root, *COMMAND)
    assert run.exit_code == 0, run.output
    run = add_adapter(root, "from-json", "-", stdin=json.dumps(SEED_ITEMS))
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


def test_the_seed_items_make_one_resource_with_their_names(scaffolded: Path) -> None:
    commands = scaffolded / "src/app/application/commands"
    add = (commands / "add_sample_crate.py").read_text(encoding="utf-8")

    assert "class AddSampleCrate:" in add
    assert "sample_crates: ISampleCrateRepository," in add
    assert (commands / "delete_sample_crate.py").exists()
    assert (
        scaffolded / "src/app/application/interfaces/i_sample_crate_repository.py"
    ).exists()
    router = (scaffolded / "src/app/presentation/http/router.py").read_text(
        encoding="utf-8"
    )
    assert "    sample_crates.router,\n" in router


@each_quality_gate
def test_quality_gates_pass_without_hand_edits(
    scaffolded: Path, command: tuple[str, ...]
) -> None:
    run = run_in(scaffolded, *command)

    assert run.exit_code == 0, run.output


def test_the_generated_tests_pass_on_both_databases(scaffolded: Path) -> None:
    run = pytest_in(
        scaffolded,
        "-q",
        *GENERATED_TESTS,
        *ROUTE_CHECKS,
        timeout=600,
    )

    assert run.exit_code == 0, run.output[-5000:]
    last_line = run.stdout.splitlines()[-1]
    assert " passed" in last_line
    assert " skipped" not in last_line


def test_remove_undoes_the_resource(scaffolded: Path) -> None:
    # Last in the module: it takes SampleBook out of the copy the tests above
    # read (pytest runs a module's tests in order).
    router = scaffolded / "src/app/presentation/http/router.py"

    run = add_adapter(scaffolded, "remove", "SampleBook")

    assert run.exit_code == 0, run.output
    assert "sample_books" not in router.read_text(encoding="utf-8")
    assert "sample_crates.router" in router.read_text(encoding="utf-8")
    spec = (scaffolded / "setup/spec.json").read_text(encoding="utf-8")
    for gone in ("CreateSampleBook", "ListSampleBooks", "SqlaSampleBookReader"):
        assert f'"{gone}"' not in spec
    assert "AddSampleCrate" in spec
    for path in (
        "src/app/application/commands/create_sample_book.py",
        "src/app/presentation/http/controllers/sample_books.py",
        "src/app/domain/entities/sample_book.py",
        "tests/http/test_sample_books.py",
    ):
        assert not (scaffolded / path).exists(), path
