"""Seed items as users write them, planned on a copy of a service made from the
base (no staging): prose where it belongs and wrapped, ports and entities
without technology words, methods named like builtins, the in-memory twin
bound where a conditional cache is not, and the help of every command."""

import ast
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from add_adapter.cli.app import app
from add_adapter.paths import Project
from add_adapter.scaffold.errors import ScaffoldError, StagingError
from add_adapter.scaffold.fields import parse_field
from add_adapter.scaffold.from_json import parse_items
from add_adapter.scaffold.plan import Plan, plan
from add_adapter.scaffold.prose import LINE_LENGTH, technology_named, width
from add_adapter.scaffold.request import (
    AdapterKind,
    AdapterRequest,
    parse_method_signature,
)
from add_adapter.scaffold.stage import staged_copy
from add_adapter.specification.model import Component, SettingCondition
from add_adapter.specification.vocabulary import Scope
from add_adapter.sync.formatting import format_sources

LONG = (
    "Implements ISampleCustomerRepository using SQLAlchemy, with tenant-scoped "
    "lookups so that no tenant ever sees another tenant's customers"
)
ITEMS = [
    {
        "class_name": "TenantModel",
        "layer": "infrastructure/model",
        "description": "SQLAlchemy model for the tenants, one row per organisation "
        "that runs its own customer base in this service",
        "columns": ["id: UUID", "name: str"],
    },
    {
        "class_name": "SampleCustomerRepository",
        "layer": "infrastructure/repository",
        "description": LONG,
        "implements": (
            "app.application.interfaces.sample_customer.ISampleCustomerRepository"
        ),
        "columns": ["tenant_id: UUID", "code: str", "name: str", "notes: str or None"],
        "methods": [
            {
                "method_name": "create",
                "parameters": ["sample_customer: SampleCustomer"],
                "return_type": "SampleCustomer",
            },
            {
                "method_name": "get_by_code",
                "description": "The customer of this tenant with this code, if any",
                "parameters": ["tenant_id: UUID", "code: str"],
                "return_type": "Optional[SampleCustomer]",
            },
            {
                "method_name": "list_for_tenant",
                "description": "Runs one SQL query on the customers table",
                "parameters": ["tenant_id: UUID"],
                "return_type": "List[SampleCustomer]",
            },
        ],
    },
]


def planned(repo: Path, items: list[dict[str, object]]) -> Plan:
    _, parsed = parse_items(json.dumps(items), "items.json")
    return plan(Project(repo), parsed.requests)


def formatted(repo: Path, items: list[dict[str, object]]) -> dict[str, str]:
    """The planned files as ruff formats them in the staged copy."""
    files = {p: t for p, t in planned(repo, items).files.items() if t}
    return {p.as_posix(): text for p, text in format_sources(files, repo).items()}


def docstrings(text: str) -> list[str]:
    tree = ast.parse(text)
    nodes = [tree, *ast.walk(tree)]
    return [
        doc
        for node in nodes
        if isinstance(node, ast.Module | ast.ClassDef | ast.AsyncFunctionDef)
        and (doc := ast.get_docstring(node)) is not None
    ]


def test_every_line_fits_and_the_description_goes_to_the_class_it_describes(
    repo: Path,
) -> None:
    files = formatted(repo, ITEMS)

    for path, text in files.items():
        for line in text.splitlines():
            assert width(line) <= LINE_LENGTH, (path, line)
    adapter = files["src/app/infrastructure/adapters/sample_customer_repository.py"]
    assert " ".join(LONG.split()) in " ".join(" ".join(docstrings(adapter)).split())
    assert "Runs one SQL query on the customers table" in adapter
    model = files["src/app/infrastructure/persistence/models/tenant.py"]
    assert "SQLAlchemy model for the tenants" in model


def test_ports_and_entities_speak_of_their_role_only(repo: Path) -> None:
    files = formatted(repo, ITEMS)
    inner = {
        path: text
        for path, text in files.items()
        if path.startswith(("src/app/domain/", "src/app/application/")) and text
    }

    assert "src/app/application/interfaces/sample_customer.py" in inner
    assert "src/app/domain/entities/sample_customer.py" in inner
    for path, text in inner.items():
        for doc in docstrings(text):
            assert technology_named(doc) is None, (path, doc)
    port = inner["src/app/application/interfaces/sample_customer.py"]
    assert "The customer of this tenant with this code, if any" in port


def test_a_repository_method_named_list_guards_the_builtin(repo: Path) -> None:
    request = AdapterRequest(
        kind=AdapterKind.REPOSITORY,
        class_name="SqlaSampleBookRepository",
        origin="",
        fields=(parse_field("title: str", "--field[0]"),),
        methods=(
            parse_method_signature("list() -> list[SampleBook]", "--method[0]"),
            parse_method_signature(
                "create(sample_book: SampleBook) -> SampleBook", "--method[1]"
            ),
        ),
    )

    files = plan(Project(repo), [request]).files

    for path, text in files.items():
        if path.suffix == ".py" and "class " in text:
            compile(text, str(path), "exec")
    adapter = files[
        Path("src/app/infrastructure/adapters/sqla_sample_book_repository.py")
    ]
    assert "async def list(self) -> builtins.list[SampleBook]:" in adapter
    assert "-> builtins.list[SampleBook]:" in adapter.split("async def list")[1]


def test_a_conditional_cache_binds_its_twin_where_the_adapter_is_not(
    repo: Path,
) -> None:
    request = AdapterRequest(
        kind=AdapterKind.CACHE,
        class_name="RedisSampleBookCache",
        origin="",
        scope=Scope.APP,
        port="app.application.ports.sample_book_cache.SampleBookCache",
        when=(SettingCondition(setting="REDIS_URL"),),
    )

    result = plan(Project(repo), [request])

    [addition] = result.additions
    adapter, twin = addition.components
    assert adapter.when == (SettingCondition(setting="REDIS_URL"),)
    assert twin.class_name == "InMemorySampleBookCache"
    assert twin.when == (SettingCondition(setting="REDIS_URL", set=False),)
    assert result.left_to_bind == []


def test_a_field_named_like_a_type_another_field_uses_is_refused(repo: Path) -> None:
    items = [
        {
            "class_name": "SampleEventModel",
            "layer": "infrastructure/model",
            "columns": ["date: date", "due: date"],
        }
    ]

    with pytest.raises(ScaffoldError) as raised:
        planned(repo, items)

    assert str(raised.value).startswith(
        "item[0] (SampleEventModel): columns[0] (date): "
    )


def test_a_failing_staged_check_keeps_the_staged_project_and_all_its_output(
    repo: Path,
) -> None:
    output = "\n".join(f"line {n}" for n in range(500))

    with pytest.raises(StagingError) as raised, staged_copy(Project(repo)):
        raise StagingError("ruff check", "ruff check x.py", output)

    kept = raised.value.kept
    assert kept is not None
    assert (kept / "project" / "setup" / "spec.json").exists()
    details = (kept / "details.txt").read_text(encoding="utf-8")
    assert output in details
    assert "a bug of the generator" in details


COMMANDS = [
    "data-mapper",
    "reader",
    "model",
    "repository",
    "http-client",
    "pipeline-step",
    "identity-provider",
    "access-revoker",
    "cache",
    "message-publisher",
    "file-storage",
    "from-json",
    "remove",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_scaffolding_command_shows_an_example_and_its_defaults(
    command: str,
) -> None:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    # Click wraps long defaults anywhere: compare without whitespace.
    output = "".join(result.output.split())

    assert result.exit_code == 0, result.output
    assert "Example:" in output
    assert "<bool>" not in output
    assert "<list[str]>" not in output
    if "--portMODULE.CLASS" in output:
        assert "[default:(app.application.ports." in output or (
            "[default:(none:required)]" in output
        )
    if "--scopeapp|request" in output:
        assert "[default:(request)]" in output or "[default:(app)]" in output


def test_the_field_help_shows_its_options_literally() -> None:
    result = CliRunner().invoke(app, ["repository", "--help"], env={"COLUMNS": "200"})

    output = " ".join(result.output.split())

    assert "[unique=True] [index=True] [ondelete=CASCADE]" in output


def test_a_failing_staged_check_is_reported_as_a_bug_of_the_generator(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failure = StagingError("ruff check", "ruff check x.py", "E501 ...")
    failure.kept = repo / "kept"

    def failing_add(*_: object, **__: object) -> None:
        raise failure

    monkeypatch.setattr("add_adapter.scaffold.run.add", failing_add)
    result = CliRunner().invoke(
        app, ["model", "SampleGadgetModel", "--field", "name: str", "--root", str(repo)]
    )

    assert result.exit_code == 1
    assert result.output.startswith(
        "internal error: the generated code fails ruff check; nothing written; "
        f"details in {repo / 'kept' / 'details.txt'}\n"
        "This is a bug of add-adapter"
    )


def test_a_conditional_repository_binds_its_twin_only_if_the_user_says_so(
    repo: Path,
) -> None:
    request = AdapterRequest(
        kind=AdapterKind.REPOSITORY,
        class_name="SqlaSampleNoteRepository",
        origin="",
        fields=(parse_field("title: str", "--field[0]"),),
        when=(SettingCondition(setting="REDIS_URL"),),
    )
    asked: list[str] = []

    def answer(port: str, _: AdapterRequest, twin: Component) -> bool:
        asked.append(f"{port} {twin.class_name}")
        return True

    declined = plan(Project(repo), [request], lambda *_: False)
    accepted = plan(Project(repo), [request], answer)

    port = "app.application.ports.sample_note_repository.SampleNoteRepository"
    assert declined.left_to_bind == [port]
    assert accepted.left_to_bind == []
    assert asked == [f"{port} InMemorySampleNoteRepository"]
    twin = accepted.additions[0].components[-1]
    assert twin.when == (SettingCondition(setting="REDIS_URL", set=False),)


def _bound_twice(text: str) -> set[str]:
    """Names a module binds at its top level more than once (an import and a
    class of the same name: mypy's no-redef, ruff's F811)."""
    seen: set[str] = set()
    twice: set[str] = set()
    for node in ast.parse(text).body:
        if isinstance(node, ast.ImportFrom | ast.Import):
            names = [alias.asname or alias.name for alias in node.names]
        elif isinstance(node, ast.ClassDef):
            names = [node.name]
        else:
            continue
        twice.update(name for name in names if name in seen)
        seen.update(names)
    return twice


@pytest.mark.parametrize(
    ("layer", "class_name", "port_module"),
    [
        (
            "infrastructure/repository",
            "SampleShelfRepository",
            "app.application.ports.sample_shelf_repository",
        ),
        (
            "infrastructure/data_mapper",
            "SampleShelfDataMapper",
            "app.application.ports.sample_shelf_data_mapper",
        ),
    ],
)
def test_an_adapter_named_as_its_port_is_named_never_meets_it(
    repo: Path, layer: str, class_name: str, port_module: str
) -> None:
    item: dict[str, object] = {
        "class_name": class_name,
        "layer": layer,
        "columns": ["label: str"],
    }
    if layer == "infrastructure/repository":
        item["methods"] = [
            {
                "method_name": "save",
                "parameters": ["sample_shelf: SampleShelf"],
                "return_type": "SampleShelf",
            }
        ]

    files = formatted(repo, [item])

    module = f"src/app/infrastructure/adapters/{port_module.rsplit('.', 1)[1]}.py"
    adapter = files[module]
    assert f"class {class_name}({class_name}Port):" in adapter
    assert f"from {port_module} import (\n    {class_name} as {class_name}Port,\n)" in (
        adapter
    )
    contract = next(
        text for path, text in files.items() if path.startswith("tests/contracts/")
    )
    assert f"{class_name} as Sqla{class_name}" in contract
    assert f"Sqla{class_name}(session)" in contract
    for path, text in files.items():
        if path.endswith(".py"):
            assert not _bound_twice(text), (path, _bound_twice(text))
