"""Seed 001's item format, filled in (Python attribute types, a real layer),
through `from-json` on standard input."""

import json
from pathlib import Path

import pytest

from .project_copy import MIGRATION_TESTS, add_adapter, pytest_in

pytestmark = pytest.mark.expensive

ITEMS = [
    {
        "class_name": "SampleInvoice",
        "layer": "domain/entity",
        "description": "Handled by the domain workflow, not by add-adapter",
        "attributes": ["id: int", "number: str"],
    },
    {
        "class_name": "SampleInvoiceModel",
        "layer": "infrastructure/model",
        "description": "Invoices sent to customers",
        "attributes": [
            "id: int",
            "number: str",
            "customer_email: str",
            "issued_on: date",
            "note: Optional[str]",
        ],
    },
    {
        "class_name": "SampleInvoiceRepository",
        "layer": "infrastructure/repository",
        "description": "Stores invoices",
        "implements": (
            "app.application.interfaces.sample_invoice.ISampleInvoiceRepository"
        ),
        "methods": [
            {
                "method_name": "save",
                "parameters": ["sample_invoice: SampleInvoice"],
                "return_type": "SampleInvoice",
            },
            {
                "method_name": "get_by_id",
                "parameters": ["sample_invoice_id: int"],
                "return_type": "Optional[SampleInvoice]",
            },
            {
                "method_name": "find_by_number",
                "parameters": ["number: str"],
                "return_type": "SampleInvoice | None",
            },
            {"method_name": "count", "parameters": [], "return_type": "int"},
        ],
        "dependencies": ["ISampleInvoiceNumbering"],
    },
]


def test_seed_001_items_from_stdin_give_working_tested_code(project: Path) -> None:
    run = add_adapter(
        project, "from-json", "-", "--write-paths", stdin=json.dumps(ITEMS)
    )

    assert run.exit_code == 0, run.output
    assert "skipped item[0] (SampleInvoice): layer domain/entity" in run.stdout
    assert "item[2] (SampleInvoiceRepository): 'dependencies' ignored" in run.stdout
    written_back = json.loads(run.stdout[run.stdout.index("[\n") :])
    assert written_back[2]["code_path"] == (
        "src/app/infrastructure/adapters/sample_invoice_repository.py"
    )
    assert (
        written_back[2]["test_path"]
        == "tests/contracts/test_sample_invoice_repository.py"
    )
    assert "code_path" not in written_back[0]
    model = (
        project / "src/app/infrastructure/persistence/models/sample_invoice.py"
    ).read_text(encoding="utf-8")
    assert "note: Mapped[str | None] = mapped_column(String(255))" in model
    assert "customer_email: Mapped[str] = mapped_column(String(255))" in model

    tests = pytest_in(
        project,
        "-q",
        "tests/contracts/test_sample_invoice_repository.py",
        MIGRATION_TESTS,
    )

    assert tests.exit_code == 0, tests.output[-4000:]
    assert "passed" in tests.stdout.splitlines()[-1]
