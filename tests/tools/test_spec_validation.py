"""An invalid spec stops `sync` and `check` with exit code 2 before anything
is written, and each message names the entry (index and class_name) and the
field."""

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from add_adapter.cli.app import app

from .tool_runner import edit_spec, generated_contents, run_tool

runner = CliRunner()


def invoke(root: Path, command: str) -> tuple[int, str]:
    """Run a command in-process (spec validation imports no project code)."""
    result = runner.invoke(app, [command, "--root", str(root)])
    return result.exit_code, result.output


def test_sync_with_a_bad_scope_exits_2_and_writes_nothing(
    unsynced_project: Path,
) -> None:
    def bad_scope(components: list[dict[str, Any]]) -> None:
        components[1]["scope"] = "session"

    edit_spec(unsynced_project, bad_scope)

    run = run_tool(unsynced_project, "sync")

    assert run.exit_code == 2, run.output
    assert (
        "setup/spec.json: components[1] (InMemoryTransaction): field 'scope': "
        "Input should be 'app' or 'request'"
    ) in run.stderr
    assert "nothing written" in run.stderr
    assert set(generated_contents(unsynced_project).values()) == {None}


def test_sync_with_an_invalid_spec_leaves_generated_files_alone(project: Path) -> None:
    before = generated_contents(project)

    def drop_description(components: list[dict[str, Any]]) -> None:
        del components[2]["description"]
        components[0]["kind"] = "data_mapper_x"

    edit_spec(project, drop_description)

    exit_code, output = invoke(project, "sync")

    assert exit_code == 2, output
    assert (
        "components[2] (SequentialProposalIdGenerator): "
        "field 'description': Field required"
    ) in output
    assert (
        "components[0] (InMemoryProposalDataMapper): field 'kind': Input should be"
        in (output)
    )
    assert generated_contents(project) == before


@pytest.mark.parametrize("command", ["sync", "check"])
def test_an_unknown_field_is_an_error(unsynced_project: Path, command: str) -> None:
    def misspell_field(components: list[dict[str, Any]]) -> None:
        components[0]["tabel_name"] = "proposals"

    edit_spec(unsynced_project, misspell_field)

    exit_code, output = invoke(unsynced_project, command)

    assert exit_code == 2, output
    assert (
        "setup/spec.json: components[0] (InMemoryProposalDataMapper): "
        "field 'tabel_name': Extra inputs are not permitted"
    ) in output
    assert set(generated_contents(unsynced_project).values()) == {None}


def test_malformed_json_reports_line_and_column(unsynced_project: Path) -> None:
    (unsynced_project / "setup/spec.json").write_text(
        '{\n  "components": [\n    {"class_name": "X",}\n  ]\n}\n'
    )

    exit_code, output = invoke(unsynced_project, "sync")

    assert exit_code == 2, output
    assert (
        "setup/spec.json: line 3, column 24: "
        "Expecting property name enclosed in double quotes"
    ) in output
    assert set(generated_contents(unsynced_project).values()) == {None}


def test_implements_is_required_for_adapters_and_forbidden_for_use_cases(
    unsynced_project: Path,
) -> None:
    def swap_implements(components: list[dict[str, Any]]) -> None:
        components[3]["implements"] = components[0].pop("implements")

    edit_spec(unsynced_project, swap_implements)

    exit_code, output = invoke(unsynced_project, "check")

    assert exit_code == 2, output
    assert (
        "components[0] (InMemoryProposalDataMapper): field 'implements': "
        "kind 'data_mapper' needs the port(s) it implements"
    ) in output
    assert (
        "components[3] (CreateProposal): field 'implements': "
        "a use_case is provided as itself and implements no port"
    ) in output


def test_names_must_be_valid(unsynced_project: Path) -> None:
    def break_names(components: list[dict[str, Any]]) -> None:
        components[0]["class_name"] = "in_memory_mapper"
        components[1]["module"] = "app.infrastructure.adapters.in-memory"
        components[2]["implements"] = ["app.domain.ports.ProposalIdGenerator", "Port"]

    edit_spec(unsynced_project, break_names)

    exit_code, output = invoke(unsynced_project, "sync")

    assert exit_code == 2, output
    assert (
        "components[0] (in_memory_mapper): field 'class_name': "
        "'in_memory_mapper' is not a PascalCase class name"
    ) in output
    assert "components[1] (InMemoryTransaction): field 'module': 'app.infra" in output
    assert (
        "components[2] (SequentialProposalIdGenerator): field 'implements[1]': "
        "'Port' is not a dotted module.ClassName path"
    ) in output


def test_a_class_listed_twice_is_an_error(unsynced_project: Path) -> None:
    edit_spec(unsynced_project, lambda components: components.append(components[0]))

    exit_code, output = invoke(unsynced_project, "sync")

    assert exit_code == 2, output
    assert (
        "setup/spec.json: components[5] (InMemoryProposalDataMapper): "
        "app.infrastructure.adapters.in_memory_proposal_data_mapper."
        "InMemoryProposalDataMapper is already listed as components[0]"
    ) in output


def test_a_missing_spec_is_reported(tmp_path: Path) -> None:
    exit_code, output = invoke(tmp_path, "list")

    assert exit_code == 2, output
    assert "setup/spec.json: file not found" in output
