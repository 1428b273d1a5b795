"""`schema` writes setup/spec.schema.json, `check` notices when it is stale,
and `list` prints the wiring table."""

import json
from pathlib import Path

from typer.testing import CliRunner

from add_adapter.cli.app import app

from .tool_runner import run_tool

runner = CliRunner()


def test_schema_is_sorted_json_describing_the_spec(unsynced_project: Path) -> None:
    result = runner.invoke(app, ["schema", "--root", str(unsynced_project)])

    assert result.exit_code == 0, result.output
    assert result.output == "created    setup/spec.schema.json\n"
    text = (unsynced_project / "setup/spec.schema.json").read_text()
    schema = json.loads(text)
    assert (
        text == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )
    component = schema["$defs"]["Component"]
    assert component["additionalProperties"] is False
    assert set(component["required"]) == {
        "class_name",
        "module",
        "layer",
        "kind",
        "scope",
        "description",
    }
    assert "use_case" in schema["$defs"]["Kind"]["enum"]
    assert schema["$defs"]["Scope"]["enum"] == ["app", "request"]
    assert "$schema" in schema["properties"]

    again = runner.invoke(app, ["schema", "--root", str(unsynced_project)])
    assert again.output == "unchanged  setup/spec.schema.json\n"


def test_check_detects_a_stale_schema(project: Path) -> None:
    schema_path = project / "setup/spec.schema.json"
    schema = json.loads(schema_path.read_text())
    schema["$defs"]["Scope"]["enum"] = ["app"]
    schema_path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")

    run = run_tool(project, "check")

    assert run.exit_code == 1, run.output
    assert (
        "setup/spec.schema.json is out of date: run scripts/add-adapter schema"
    ) in run.stderr
    assert '+        "request"' in run.stderr


def test_list_prints_bindings_sorted_by_port_then_use_cases(
    synced_template: Path,
) -> None:
    result = runner.invoke(app, ["list", "--root", str(synced_template)])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["PORT", "ADAPTER", "SCOPE", "KIND", "FILES"]
    assert [line.split()[:4] for line in lines[1:]] == [
        ["Flusher", "InMemoryTransaction", "request", "transaction_manager"],
        ["ProposalDataMapper", "InMemoryProposalDataMapper", "request", "data_mapper"],
        ["ProposalIdGenerator", "SequentialProposalIdGenerator", "app", "id_generator"],
        ["TransactionManager", "InMemoryTransaction", "request", "transaction_manager"],
        ["-", "CreateProposal", "request", "use_case"],
        ["-", "GetProposal", "request", "use_case"],
    ]
    adapter_column = lines[0].index("ADAPTER")
    assert all(line[adapter_column - 2 : adapter_column] == "  " for line in lines)
    assert lines[1].endswith("src/app/infrastructure/adapters/in_memory_transaction.py")
