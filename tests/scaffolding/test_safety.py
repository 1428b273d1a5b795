"""Dry runs, idempotence, conflicts with edited files, and `remove`, each
shown by running the command on a copy of a service made from the base."""

import json
from pathlib import Path

import pytest

from .project_copy import VERSIONS, add_adapter, revision_name, tree_digest

pytestmark = pytest.mark.expensive

INVOICE = (
    "data-mapper",
    "SqlaSampleInvoiceDataMapper",
    "--field",
    "user_id: UUID",
    "--field",
    "total_cents: int",
    "--field",
    "note: str | None",
    "--no-input",
)
ENTITY = Path("src/app/domain/entities/sample_invoice.py")
ADAPTER = Path("src/app/infrastructure/adapters/sqla_sample_invoice_data_mapper.py")
TWIN = Path("tests/support/doubles/in_memory_sample_invoice_data_mapper.py")


def spec_class_names(project: Path) -> list[str]:
    spec = json.loads((project / "setup/spec.json").read_text(encoding="utf-8"))
    return [component["class_name"] for component in spec["components"]]


def test_dry_run_prints_the_plan_and_the_diff_and_writes_nothing(project: Path) -> None:
    before = tree_digest(project)

    run = add_adapter(project, *INVOICE, "--dry-run")

    assert run.exit_code == 0, run.output
    assert f"create     {ENTITY.as_posix()}" in run.stdout
    assert "update     setup/spec.json" in run.stdout
    create = revision_name(project, "create_sample_invoices_table")
    assert f"create     {VERSIONS.as_posix()}/{create}" in run.stdout
    assert f"+++ b/{ADAPTER.as_posix()}" in run.stdout
    assert "+class SqlaSampleInvoiceDataMapper(SampleInvoiceDataMapper):" in run.stdout
    assert run.stdout.rstrip().endswith("dry run: nothing written")
    assert tree_digest(project) == before


def test_the_same_command_twice_changes_nothing_the_second_time(project: Path) -> None:
    revisions_before = sorted(path.name for path in (project / VERSIONS).glob("*.py"))
    create = revision_name(project, "create_sample_invoices_table")
    first = add_adapter(project, *INVOICE)
    assert first.exit_code == 0, first.output
    after_first = tree_digest(project)

    second = add_adapter(project, *INVOICE)

    assert second.exit_code == 0, second.output
    assert "nothing to change" in second.stdout
    assert "create" not in second.stdout
    assert "update" not in second.stdout
    assert tree_digest(project) == after_first
    revisions = sorted(path.name for path in (project / VERSIONS).glob("*.py"))
    assert revisions == [*revisions_before, create]


def test_an_edited_file_is_reported_with_its_diff_and_kept_unless_forced(
    project: Path,
) -> None:
    update = revision_name(project, "update_scaffolded_tables", ahead=2)
    assert add_adapter(project, *INVOICE).exit_code == 0
    entity = project / ENTITY
    edited = entity.read_text(encoding="utf-8") + "\n\nLOCAL_CHANGE = 1\n"
    entity.write_text(edited, encoding="utf-8")
    before = tree_digest(project)
    # Changing the fields re-renders the entity the user edited.
    changed = [a if a != "total_cents: int" else "total_cents: float" for a in INVOICE]

    refused = add_adapter(project, *changed)

    assert refused.exit_code == 1
    assert f"conflict   {ENTITY.as_posix()}" in refused.stdout
    assert "-LOCAL_CHANGE = 1" in refused.stderr
    assert "nothing written (use --force to overwrite)" in refused.stderr
    assert tree_digest(project) == before

    forced = add_adapter(project, *changed, "--force")

    assert forced.exit_code == 0, forced.output
    text = entity.read_text(encoding="utf-8")
    assert "LOCAL_CHANGE" not in text
    assert "total_cents: float" in text
    assert (project / VERSIONS / update).exists()


def test_remove_undoes_an_addition_with_a_migration_that_drops_its_table(
    project: Path,
) -> None:
    pristine = tree_digest(project)
    create = (
        VERSIONS / revision_name(project, "create_sample_invoices_table")
    ).as_posix()
    drop = (
        VERSIONS / revision_name(project, "drop_sample_invoices_table", ahead=2)
    ).as_posix()
    assert add_adapter(project, *INVOICE).exit_code == 0
    # Its twin is a test double (nothing binds it): beside the tests.
    assert (project / TWIN).exists()

    run = add_adapter(project, "remove", "SqlaSampleInvoiceDataMapper")

    assert run.exit_code == 0, run.output
    assert "SqlaSampleInvoiceDataMapper" not in spec_class_names(project)
    assert not (project / ENTITY).exists()
    assert not (project / ADAPTER).exists()
    assert not (project / TWIN).exists()
    assert 'op.drop_table("sample_invoices")' in (project / drop).read_text(
        encoding="utf-8"
    )
    # History stays: the revision that created the table is still there.
    assert (project / create).exists()
    remaining = set(tree_digest(project)) - set(pristine)
    # Besides the two revisions, only files that outlive any one addition
    # (the manifest, package markers) may be new.
    lasting = {
        "setup/generated-files.json",
        "tests/support/doubles/__init__.py",
        "tests/integration/adapters/__init__.py",
    }
    assert remaining == {create, drop} | (lasting - set(pristine))
    assert add_adapter(project, "check").exit_code == 0


def test_remove_keeps_what_another_addition_still_needs(project: Path) -> None:
    drop = revision_name(project, "drop_sample_invoices_table", ahead=2)
    assert add_adapter(project, *INVOICE).exit_code == 0
    assert (
        add_adapter(
            project, "reader", "SqlaSampleInvoiceReader", "--no-input"
        ).exit_code
        == 0
    )

    run = add_adapter(project, "remove", "SqlaSampleInvoiceDataMapper")

    assert run.exit_code == 0, run.output
    assert (project / ENTITY).exists()
    assert (
        project / "src/app/infrastructure/persistence/models/sample_invoice.py"
    ).exists()
    assert not (project / ADAPTER).exists()
    assert not (project / VERSIONS / drop).exists()
    assert spec_class_names(project).count("SqlaSampleInvoiceReader") == 1


def test_remove_refuses_to_delete_an_edited_file_without_force(project: Path) -> None:
    assert add_adapter(project, *INVOICE).exit_code == 0
    adapter = project / ADAPTER
    adapter.write_text(
        adapter.read_text(encoding="utf-8") + "\n# mine\n", encoding="utf-8"
    )
    before = tree_digest(project)

    refused = add_adapter(project, "remove", "SqlaSampleInvoiceDataMapper")

    assert refused.exit_code == 1
    assert f"conflict   {ADAPTER.as_posix()}" in refused.stdout
    assert tree_digest(project) == before
    assert (
        add_adapter(
            project, "remove", "SqlaSampleInvoiceDataMapper", "--force"
        ).exit_code
        == 0
    )
    assert not adapter.exists()


def test_remove_of_an_unknown_name_is_bad_input(project: Path) -> None:
    before = tree_digest(project)

    run = add_adapter(project, "remove", "NoSuchThing")

    assert run.exit_code == 2
    assert "nothing named 'NoSuchThing' was added by add-adapter" in run.stderr
    assert tree_digest(project) == before


def test_list_and_graph_show_the_new_binding_with_its_files(project: Path) -> None:
    assert add_adapter(project, *INVOICE).exit_code == 0

    listing = add_adapter(project, "list")
    graph = add_adapter(project, "graph", "--output", "docs/wiring.mmd")

    assert listing.exit_code == 0, listing.output
    row = next(
        line for line in listing.stdout.splitlines() if "SqlaSampleInvoice" in line
    )
    assert row.split()[:4] == [
        "SampleInvoiceDataMapper",
        "SqlaSampleInvoiceDataMapper",
        "request",
        "data_mapper",
    ]
    assert row.endswith(
        f"{ADAPTER.as_posix()}, tests/integration/adapters/"
        "test_sqla_sample_invoice_data_mapper.py"
    )
    assert graph.exit_code == 0, graph.output
    diagram = (project / "docs/wiring.mmd").read_text(encoding="utf-8")
    assert diagram.startswith("flowchart LR")
    assert "SqlaSampleInvoiceDataMapper<br/>request" in diagram
    assert "-->|implements|" in diagram
