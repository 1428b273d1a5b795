"""The resource builder: an entity served over HTTP, each operation its own
use case and route; who may call each; the event of its create; what it
refuses; and `remove` planning to take it all out, router entry included.

Builder level: called directly (no CLI, no staging) on a copy of a service
made from the base. The end-to-end run (the command on a copy, its gates
and the tests it writes, on both databases) is in
tests/scaffolding/test_resource.py."""

import subprocess
from pathlib import Path
from typing import Any

import pytest

from add_adapter.cli.kind_options import KindOptions
from add_adapter.cli.kinds import build_request
from add_adapter.paths import Project
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.fields import parse_field
from add_adapter.scaffold.kinds.resource.builder import build_resource
from add_adapter.scaffold.removal import plan_removal
from add_adapter.scaffold.request import AdapterKind
from add_adapter.scaffold.router_entry import (
    ROUTER_PATH,
    with_routers,
    without_routers,
)
from add_adapter.sync.formatting import find_ruff, format_sources

from .kind_support import texts
from .scaffold_support import new_batch, write_addition

FIELDS = ["title: str", "isbn: str [unique=True]"]
COMMANDS = "src/app/application/commands"
QUERIES = "src/app/application/queries"
CONTROLLER = "src/app/presentation/http/controllers/sample_books.py"
CONTROLLER_MODULE = "app.presentation.http.controllers.sample_books"


def resource(
    repo: Path, *fields: str, name: str = "SampleBook", **options: Any
) -> Addition:
    request = build_request(
        AdapterKind.RESOURCE,
        KindOptions(name, fields=list(fields or FIELDS), **options),
    )
    return build_resource(request, new_batch(repo))


def test_each_operation_is_a_use_case_named_by_its_verb(repo: Path) -> None:
    addition = resource(repo)
    files = texts(addition)

    for path in (
        f"{COMMANDS}/create_sample_book.py",
        f"{QUERIES}/get_sample_book.py",
        f"{QUERIES}/list_sample_books.py",
        f"{COMMANDS}/update_sample_book.py",
        f"{COMMANDS}/delete_sample_book.py",
        "src/app/application/ports/sample_book_data_mapper.py",
        "src/app/application/ports/sample_book_reader.py",
        "src/app/presentation/http/schemas/sample_books.py",
        CONTROLLER,
        "tests/unit/test_sample_books_use_cases.py",
        "tests/http/test_sample_books.py",
    ):
        assert path in files
    use_cases = {
        c.class_name: c.module for c in addition.components if c.kind == "use_case"
    }
    assert use_cases == {
        "CreateSampleBook": "app.application.commands.create_sample_book",
        "GetSampleBook": "app.application.queries.get_sample_book",
        "ListSampleBooks": "app.application.queries.list_sample_books",
        "UpdateSampleBook": "app.application.commands.update_sample_book",
        "DeleteSampleBook": "app.application.commands.delete_sample_book",
    }
    # Every file is the resource's: `remove SampleBook` takes them all.
    assert {planned.owner for planned in addition.files} == {"SampleBook"}
    assert addition.tables == ["sample_books"]
    assert addition.routers == [CONTROLLER_MODULE]


def test_routes_compose_the_shared_rules_reads_public_writes_admin(
    repo: Path,
) -> None:
    files = texts(resource(repo))

    controller = files[CONTROLLER]
    assert 'prefix="/api/v1/sample-books"' in controller
    assert '@router.get("", error_map=error_map(STORAGE))' in controller
    assert (
        '@router.get("/{sample_book_id}", error_map=error_map(NOT_FOUND, STORAGE))'
    ) in controller
    assert "error_map=error_map(ADMIN_ONLY, CONFLICT, STORAGE)" in controller
    assert "error_map=error_map(ADMIN_ONLY, NOT_FOUND, CONFLICT, STORAGE)" in controller
    assert "error_map=error_map(ADMIN_ONLY, NOT_FOUND, STORAGE)" in controller
    assert "CurrentUser" not in files[f"{QUERIES}/get_sample_book.py"]
    create = files[f"{COMMANDS}/create_sample_book.py"]
    assert "await self._current_user.require_admin()" in create
    assert "await self._transaction.commit()" in create
    listing = files[f"{QUERIES}/list_sample_books.py"]
    assert "pagination: Pagination = field(default_factory=Pagination)" in listing
    assert "sort_by: SampleBookSortField = SampleBookSortField.TITLE" in listing


def test_auth_sets_who_may_call_each_operation(repo: Path) -> None:
    files = texts(resource(repo, auth=["create=user,list=admin"]))

    create = files[f"{COMMANDS}/create_sample_book.py"]
    assert "await self._current_user.get()" in create
    assert "(signed-in users only)" in create
    listing = files[f"{QUERIES}/list_sample_books.py"]
    assert "await self._current_user.require_admin()" in listing
    controller = files[CONTROLLER]
    assert "error_map=error_map(AUTHENTICATED, CONFLICT, STORAGE)" in controller
    assert '@router.get("", error_map=error_map(ADMIN_ONLY, STORAGE))' in controller
    http_test = files["tests/http/test_sample_books.py"]
    assert '("POST", URL, sample(0), "user")' in http_test
    assert '("GET", URL, None, "admin")' in http_test


def test_the_chosen_operations_only(repo: Path) -> None:
    addition = resource(repo, operations=["get", "list"])
    files = texts(addition)

    assert not any(path.startswith(COMMANDS) for path in files)
    schemas = files["src/app/presentation/http/schemas/sample_books.py"]
    assert "Request(" not in schemas
    assert "RequestModel" not in schemas
    assert "@router.post" not in files[CONTROLLER]


def test_event_makes_the_create_record_it_through_the_outbox(repo: Path) -> None:
    files = texts(resource(repo, event=True))

    event = files["src/app/domain/events/sample_book_created.py"]
    assert "class SampleBookCreated(DomainEvent):" in event
    assert 'topic: ClassVar[str] = "sample-book.created"' in event
    create = files[f"{COMMANDS}/create_sample_book.py"]
    assert (
        "await self._outbox.add(SampleBookCreated(sample_book_id=sample_book.id))"
    ) in create
    assert create.index("self._outbox.add") < create.index("self._transaction.commit")
    assert (
        "SampleBookCreated(sample_book_id=sample_book_id)"
        in (files["tests/unit/test_sample_books_use_cases.py"])
    )


@pytest.mark.parametrize(
    ("fields", "options", "where", "says"),
    [
        (FIELDS, {"operations": ["create,fetch"]}, "--operations", "'fetch'"),
        (FIELDS, {"auth": ["create=root"]}, "--auth", "'create=root'"),
        (
            FIELDS,
            {"operations": ["get"], "auth": ["create=user"]},
            "--auth",
            "'create'",
        ),
        (FIELDS, {"operations": ["get"], "event": True}, "--event", "add create"),
        (["id: int", "title: str"], {}, "fields", "a UUID"),
        (["title: str", "cover: bytes"], {}, "--field", "'cover' is bytes"),
        (["title: str", "user_id: UUID"], {}, "--field", "refers to the table users"),
    ],
)
def test_what_a_resource_refuses_names_the_flag(
    repo: Path,
    fields: list[str],
    options: dict[str, object],
    where: str,
    says: str,
) -> None:
    with pytest.raises(ScaffoldError) as refused:
        resource(repo, *fields, **options)

    assert refused.value.where == where
    assert says in refused.value.message


def test_a_data_mapper_and_reader_the_spec_binds_are_used_not_written(
    repo: Path,
) -> None:
    write_addition(repo, resource(repo, operations=["get"]))

    addition = resource(repo, operations=["create"])

    written = texts(addition)
    assert f"{COMMANDS}/create_sample_book.py" in written
    assert "src/app/application/ports/sample_book_data_mapper.py" not in written
    assert [c.class_name for c in addition.components] == ["CreateSampleBook"]


def test_building_twice_gives_the_same_files(repo: Path) -> None:
    assert texts(resource(repo)) == texts(resource(repo))


def test_options_are_taken_bracketed_as_help_writes_them() -> None:
    assert parse_field("isbn: str [unique=True]", "f") == parse_field(
        "isbn: str unique=True", "f"
    )
    tags = parse_field("tags: list[str] [index=True]", "f")
    assert (tags.item_type, tags.index) == ("str", True)


def test_the_router_entry_is_added_once_and_taken_out(repo: Path) -> None:
    project = Project(repo)
    before = (repo / ROUTER_PATH).read_text(encoding="utf-8")

    [added] = with_routers(project, [CONTROLLER_MODULE]).values()
    assert added is not None
    assert "    sample_books,\n" in added
    assert added.rstrip().count("sample_books") == 2
    (repo / ROUTER_PATH).write_text(added, encoding="utf-8")
    assert with_routers(project, [CONTROLLER_MODULE]) == {ROUTER_PATH: added}
    assert without_routers(project, [CONTROLLER_MODULE]) == {ROUTER_PATH: before}


def test_remove_plans_to_take_out_the_whole_resource(repo: Path) -> None:
    addition = resource(repo)
    write_addition(repo, addition)

    removal = plan_removal(Project(repo), "SampleBook")

    planned = {planned.path for planned in addition.files}
    assert planned - {p for p in planned if p.name == "__init__.py"} <= set(
        removal.files
    )
    for component in addition.components:
        assert f'"{component.class_name}"' not in removal.spec_text
    assert removal.tables == ["sample_books"]
    # Its use-case test built on CurrentUser, which it did not test.
    assert removal.notes == []


VARIANTS = [
    # Every type a resource serves, optional or not; writes by users; the event.
    (
        "SampleGadget",
        [
            "name: str",
            "price: Decimal",
            "count: int",
            "released_on: date | None",
            "seen_at: datetime",
            "active: bool",
            "ratio: float",
            "ref: UUID",
            "code: str [unique=True]",
            "note: str | None",
        ],
        {"auth": ["create=user,get=user,list=admin"], "event": True},
    ),
    ("SampleNote", ["text: str | None", "n: int"], {"operations": ["get,list"]}),
    (
        "SampleMemo",
        ["text: str"],
        {"operations": ["create,delete"], "auth": ["delete=user"]},
    ),
    ("SampleTag", ["label: str"], {"operations": ["delete"]}),
    # A listing alone: nothing imported from fastapi itself.
    ("SampleLog", ["entry: str"], {"operations": ["list"]}),
    # No field whose samples sort without ties; a public write.
    (
        "SampleFlag",
        ["on: bool"],
        {"operations": ["list,update"], "auth": ["list=user,update=public"]},
    ),
]


def test_every_variant_lints_clean_as_written(repo: Path) -> None:
    """Imports follow what each variant uses: the files of resources of
    every type, operation set and access level pass the project's ruff."""
    planned: dict[Path, str] = {}
    for name, fields, options in VARIANTS:
        addition = resource(repo, *fields, name=name, **options)
        planned |= {f.path: f.text for f in addition.files if f.text}
    for path, text in format_sources(planned, repo).items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")

    completed = subprocess.run(
        [str(find_ruff(repo)), "check", "--quiet", *map(str, planned)],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
