"""Two specs in the seeds' style that are not the base's, put through
`from-json` as a new user would: a lending library (tenants, books, loans)
with long descriptions and tenant-scoped finder methods, and clients of
services named with acronyms and digits, a reader and a pipeline step. Every
gate then passes with no hand edit, the generated tests included."""

import ast
import json
from pathlib import Path

import pytest

from add_adapter.scaffold.prose import technology_named

from .project_copy import (
    MIGRATION_TESTS,
    VERSIONS,
    add_adapter,
    copy_repository,
    each_quality_gate,
    pytest_in,
    revision_name,
    run_in,
    tree_digest,
)

LIBRARY = [
    {
        "class_name": "TenantModel",
        "layer": "infrastructure/model",
        "description": "SQLAlchemy model for the tenants of the lending library: one "
        "row per organisation that runs its own catalogue, members and loans.",
        "table_name": "tenants",
        "columns": ["id: UUID", "name: String nullable=False", "slug: str"],
    },
    {
        "class_name": "SampleBookModel",
        "layer": "infrastructure/model",
        "description": "SQLAlchemy model for books in a tenant's catalogue, unique by "
        "code within the tenant, with the date they were published when known.",
        "columns": [
            "tenant_id: UUID",
            "code: str",
            "title: str",
            "published_on: Optional[date]",
            "tags: list[str]",
        ],
    },
    {
        "class_name": "SampleLoanModel",
        "layer": "infrastructure/model",
        "description": "SQLAlchemy model for loans",
        "columns": [
            "tenant_id: UUID",
            "sample_book_id: UUID",
            "borrower: str",
            "due_on: date",
            "returned: bool",
        ],
        "constraints": {
            "on_delete": {"sample_book_id": "CASCADE"},
            "index": ["borrower"],
        },
    },
    {
        "class_name": "SampleBookRepository",
        "layer": "infrastructure/repository",
        "description": "Implements ISampleBookRepository using SQLAlchemy, with "
        "tenant-scoped lookups so that no tenant ever sees another tenant's books, "
        "whatever the caller passes in.",
        "implements": "app.application.interfaces.sample_book.ISampleBookRepository",
        "dependencies": ["sqlalchemy.orm.Session"],
        "methods": [
            {
                "method_name": "create",
                "parameters": ["sample_book: SampleBook"],
                "return_type": "SampleBook",
            },
            {
                "method_name": "get_by_id",
                "parameters": ["sample_book_id: UUID"],
                "return_type": "SampleBook",
            },
            {
                "method_name": "get_by_code",
                "description": "The book of this tenant with this code, if the tenant "
                "has one; codes are unique within a tenant, not across tenants.",
                "parameters": ["tenant_id: UUID", "code: str"],
                "return_type": "Optional[SampleBook]",
            },
            {
                "method_name": "list_for_tenant",
                "parameters": ["tenant_id: UUID", "limit: int", "offset: int"],
                "return_type": "List[SampleBook]",
            },
            {
                "method_name": "count_for_tenant",
                "parameters": ["tenant_id: UUID"],
                "return_type": "int",
            },
            {
                "method_name": "update",
                "parameters": ["sample_book: SampleBook"],
                "return_type": "None",
            },
            {
                "method_name": "delete",
                "parameters": ["sample_book_id: UUID"],
                "return_type": "bool",
            },
        ],
    },
    {
        "class_name": "SampleLoanRepository",
        "layer": "infrastructure/repository",
        "description": "Loans of a tenant's books, kept in PostgreSQL.",
        "implements": "app.application.interfaces.sample_loan.ISampleLoanRepository",
        "methods": [
            {
                "method_name": "add",
                "parameters": ["sample_loan: SampleLoan"],
                "return_type": "None",
            },
            {
                "method_name": "list_for_sample_book",
                "parameters": ["sample_book_id: UUID"],
                "return_type": "Sequence[SampleLoan]",
            },
            {
                "method_name": "find_by_tenant_and_borrower",
                "parameters": ["tenant_id: UUID", "borrower: str"],
                "return_type": "list[SampleLoan]",
            },
            {
                "method_name": "exists_by_sample_book_and_returned",
                "parameters": ["sample_book_id: UUID", "returned: bool"],
                "return_type": "bool",
            },
            {
                "method_name": "delete_for_sample_book",
                "parameters": ["sample_book_id: UUID"],
                "return_type": "int",
            },
            {
                "method_name": "list",
                "parameters": [],
                "return_type": "list[SampleLoan]",
            },
        ],
    },
    {
        "class_name": "SampleBook",
        "layer": "domain/entity",
        "description": "Handled by the domain workflow",
        "attributes": ["id: UUID", "title: str"],
    },
]
SERVICES = [
    {
        "class_name": "ISBNLookupClient",
        "layer": "infrastructure/adapter",
        "description": "Looks books up by ISBN over the provider's HTTP API, with "
        "retries and a timeout, and returns its answer as plain dicts.",
        "implements": "app.application.interfaces.isbn_lookup.IIsbnLookup",
        "config": ["ISBN_LOOKUP_API_KEY"],
        "methods": [
            {
                "method_name": "get_edition",
                "parameters": ["isbn: str"],
                "return_type": "Dict[str, Any]",
            },
        ],
    },
    {
        "class_name": "OAuth2TokenClient",
        "layer": "infrastructure/adapter",
        "implements": "app.application.interfaces.oauth2_token.ITokenIssuer",
        "config": ["OAUTH2_TOKEN_CLIENT_SECRET", "OAUTH2_TOKEN_AUDIENCE"],
        "methods": [
            {
                "method_name": "issue_token",
                "parameters": ["scope: str", "audience: Optional[str]"],
                "return_type": "dict",
            },
        ],
    },
    {
        "class_name": "S3PresignClient",
        "layer": "infrastructure/adapter",
        "implements": "app.application.interfaces.presign.IPresigner",
        "methods": [
            {
                "method_name": "presign",
                "parameters": ["key: str", "expires_in: int"],
                "return_type": "dict",
            },
            # Named like a builtin, and later annotations say list[...].
            {"method_name": "list", "parameters": [], "return_type": "List[dict]"},
            {
                "method_name": "type",
                "parameters": ["key: str"],
                "return_type": "list[Dict[str, Any]]",
            },
        ],
    },
    {
        "class_name": "SqlaSampleMemberReader",
        "layer": "infrastructure/reader",
        "description": "Answers the admin pages' questions about members.",
        "columns": ["id: int", "tenant_id: UUID ondelete=CASCADE", "email: str"],
        "methods": [
            {
                "method_name": "find_by_email",
                "parameters": ["tenant_id: UUID", "email: str"],
                "return_type": "SampleMemberView or None",
            },
            {
                "method_name": "count_for_tenant",
                "parameters": ["tenant_id: UUID"],
                "return_type": "int",
            },
        ],
    },
    {
        "class_name": "TranscribeStep",
        "layer": "infrastructure/pipeline_step",
        "description": "Pipeline step using ITranscriber",
        "implements": "app.application.interfaces.media.ITranscriber",
        "methods": [
            {
                "method_name": "run",
                "parameters": ["context: dict"],
                "return_type": "dict",
            }
        ],
    },
]


@pytest.fixture(scope="module")
def scaffolded(
    tmp_path_factory: pytest.TempPathFactory, service_template: Path
) -> Path:
    root = copy_repository(
        tmp_path_factory.mktemp("seeds") / "project", service_template
    )
    (root / "expected-revision").write_text(
        revision_name(root, "create_tenants_and_sample_books"), encoding="utf-8"
    )
    (root / "digest-before.json").write_text(
        json.dumps(tree_digest(root)), encoding="utf-8"
    )
    for name, items in (("library.json", LIBRARY), ("services.json", SERVICES)):
        (root / name).write_text(json.dumps(items, indent=2), encoding="utf-8")
        run = add_adapter(root, "from-json", name, "--write-paths")
        assert run.exit_code == 0, run.output
    return root


def test_check_passes(scaffolded: Path) -> None:
    run = add_adapter(scaffolded, "check")

    assert run.exit_code == 0, run.output


@each_quality_gate
def test_quality_gates_pass_without_hand_edits(
    scaffolded: Path, command: tuple[str, ...]
) -> None:
    run = run_in(scaffolded, *command)

    assert run.exit_code == 0, run.output


def test_the_generated_tests_pass_on_sqlite_postgresql_and_in_memory(
    scaffolded: Path,
) -> None:
    run = pytest_in(
        scaffolded,
        "-v",
        "tests/contracts/test_sample_book_repository.py",
        "tests/contracts/test_sample_loan_repository.py",
        "tests/contracts/test_sample_member_reader.py",
        "tests/integration/adapters/test_sqla_sample_member_reader.py",
        "tests/integration/http",
        "tests/unit/pipelines",
        MIGRATION_TESTS,
        timeout=900,
    )

    assert run.exit_code == 0, run.output[-6000:]
    assert " skipped" not in run.stdout.splitlines()[-1]
    # The derived methods run on the three stores.
    for store in ("sqlite", "postgres", "in_memory"):
        assert f"test_list_for_tenant_pages_in_id_order[{store}] PASSED" in run.stdout
        finds = "test_exists_by_sample_book_and_returned_finds_what_matches"
        assert f"{finds}[{store}] PASSED" in run.stdout


def test_the_migrations_are_named_at_word_boundaries(scaffolded: Path) -> None:
    names = sorted(path.name for path in (scaffolded / VERSIONS).glob("0*.py"))
    expected = (scaffolded / "expected-revision").read_text(encoding="utf-8")

    assert expected in names
    assert all(not name.removesuffix(".py").endswith(("_", "_and")) for name in names)


def test_descriptions_sit_on_the_adapters_and_inner_layers_name_no_technology(
    scaffolded: Path,
) -> None:
    adapter = (
        scaffolded / "src/app/infrastructure/adapters/sample_book_repository.py"
    ).read_text(encoding="utf-8")
    assert "Implements ISampleBookRepository using SQLAlchemy" in adapter
    before = json.loads((scaffolded / "digest-before.json").read_text("utf-8"))
    written = [
        scaffolded / path
        for path, digest in tree_digest(scaffolded).items()
        if before.get(path) != digest
        and path.startswith(("src/app/domain/", "src/app/application/"))
    ]
    assert written
    for path in written:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.AsyncFunctionDef):
                doc = ast.get_docstring(node) or ""
                assert technology_named(doc) is None, (path, doc)


def test_names_with_acronyms_and_digits_give_sensible_modules_and_settings(
    scaffolded: Path,
) -> None:
    http = scaffolded / "src/app/infrastructure/http"
    for module in ("isbn_lookup_client", "oauth2_token_client", "s3_presign_client"):
        assert (http / f"{module}.py").exists(), module
    settings = (scaffolded / "setup/adapter_settings.py").read_text(encoding="utf-8")
    for setting in (
        "isbn_lookup_base_url",
        "oauth2_token_base_url",
        "s3_presign_base_url",
    ):
        assert f"{setting}:" in settings, setting


def test_running_from_json_again_changes_nothing(scaffolded: Path) -> None:
    before = tree_digest(scaffolded)

    for name in ("library.json", "services.json"):
        run = add_adapter(scaffolded, "from-json", name)
        assert run.exit_code == 0, run.output
        assert "nothing to change" in run.stdout

    assert tree_digest(scaffolded) == before
