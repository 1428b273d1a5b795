"""`scripts/add-adapter check` passes on a consistent project and names each
problem it finds."""

from pathlib import Path
from typing import Any

from .fixture_project import ADAPTERS, APPLICATION_PORTS
from .tool_runner import edit_spec, replace_in_file, run_tool

DATA_MAPPER = "src/app/infrastructure/adapters/in_memory_proposal_data_mapper.py"
TRANSACTION = "src/app/infrastructure/adapters/in_memory_transaction.py"


def check_fails(project: Path) -> str:
    """Run check, assert it failed with exit code 1, return its output."""
    run = run_tool(project, "check")
    assert run.exit_code == 1, run.output
    assert "check failed:" in run.stderr
    assert "all checks passed" not in run.output
    return run.output


def test_check_passes_on_a_consistent_project(project: Path) -> None:
    run = run_tool(project, "check")

    assert run.exit_code == 0, run.output
    assert run.stdout.strip().endswith("3 bindings, 4 ports, all checks passed")
    assert run.stderr == ""


def test_check_names_a_port_left_without_binding(project: Path) -> None:
    edit_spec(project, lambda components: components.pop(0))
    # With its adapter gone too, sync has nothing to register for the port.
    (
        project / "src/app/infrastructure/adapters/in_memory_proposal_data_mapper.py"
    ).unlink()
    assert run_tool(project, "sync").exit_code == 0

    output = check_fails(project)

    assert (
        f"port {APPLICATION_PORTS}.proposal_data_mapper.ProposalDataMapper "
        "has no binding in setup/spec.json"
    ) in output


def test_check_shows_a_diff_for_a_hand_edited_module(project: Path) -> None:
    replace_in_file(project / "setup/ioc/application.py", "Scope.REQUEST", "Scope.APP")

    output = check_fails(project)

    assert (
        "setup/ioc/application.py is out of date: run scripts/add-adapter sync"
        in output
    )
    assert "--- setup/ioc/application.py (on disk)" in output
    assert "-        scope=Scope.APP," in output
    assert "+        scope=Scope.REQUEST," in output


def test_check_reports_a_missing_method(project: Path) -> None:
    replace_in_file(project / TRANSACTION, "async def commit(", "async def commit_all(")

    output = check_fails(project)

    assert (
        "InMemoryTransaction does not implement TransactionManager: "
        "method 'commit' is missing"
    ) in output


def test_check_reports_an_incompatible_parameter_annotation(project: Path) -> None:
    replace_in_file(
        project / DATA_MAPPER, "proposal_id: ProposalId)", "proposal_id: int)"
    )

    output = check_fails(project)

    assert (
        "InMemoryProposalDataMapper does not implement ProposalDataMapper: "
        "method 'get_by_id' parameter 'proposal_id' is 'int' in the adapter "
        "but 'ProposalId' in the port"
    ) in output


def test_check_reports_a_renamed_parameter(project: Path) -> None:
    replace_in_file(
        project / DATA_MAPPER, "proposal_id: ProposalId)", "id_: ProposalId)"
    )
    replace_in_file(project / DATA_MAPPER, "get(proposal_id)", "get(id_)")

    output = check_fails(project)

    assert (
        "method 'get_by_id' takes (proposal_id) in the port but (id_) in the adapter"
    ) in output


def test_check_reports_a_sync_method_for_an_async_port(project: Path) -> None:
    replace_in_file(project / DATA_MAPPER, "async def add(", "def add(")

    output = check_fails(project)

    assert (
        "InMemoryProposalDataMapper does not implement ProposalDataMapper: "
        "method 'add' is async in the port but not async in the adapter"
    ) in output


def test_check_reports_an_incompatible_return_type(project: Path) -> None:
    replace_in_file(
        project / DATA_MAPPER,
        "async def add(self, proposal: Proposal) -> None:",
        "async def add(self, proposal: Proposal) -> bool:",
    )
    replace_in_file(
        project / DATA_MAPPER,
        "self._proposals[proposal.id] = proposal",
        "self._proposals[proposal.id] = proposal\n        return True",
    )

    output = check_fails(project)

    assert "method 'add' returns 'bool' in the adapter but 'None' in the port" in output


def test_check_reports_an_adapter_that_does_not_name_its_port(project: Path) -> None:
    replace_in_file(
        project / TRANSACTION,
        "class InMemoryTransaction(Flusher, TransactionManager):",
        "class InMemoryTransaction(Flusher):",
    )

    output = check_fails(project)

    assert (
        "InMemoryTransaction does not name TransactionManager among its bases" in output
    )


def test_check_names_both_components_binding_one_port(project: Path) -> None:
    (project / "src/app/infrastructure/adapters/noop_flusher.py").write_text(
        "from app.application.ports.flusher import Flusher\n\n\n"
        "class NoopFlusher(Flusher):\n"
        "    async def flush(self) -> None:\n"
        "        pass\n"
    )

    def bind_flusher_twice(components: list[dict[str, Any]]) -> None:
        components.append(
            {
                **components[1],
                "class_name": "NoopFlusher",
                "module": f"{ADAPTERS}.noop_flusher",
                "kind": "flusher",
                "implements": f"{APPLICATION_PORTS}.flusher.Flusher",
            }
        )

    edit_spec(project, bind_flusher_twice)

    output = check_fails(project)

    assert (
        f"port {APPLICATION_PORTS}.flusher.Flusher is bound by 2 components: "
        "components[1] (InMemoryTransaction) and components[5] (NoopFlusher)"
    ) in output


def test_check_names_an_entry_whose_module_does_not_import(project: Path) -> None:
    def misspell_module(components: list[dict[str, Any]]) -> None:
        components[0]["module"] = f"{ADAPTERS}.in_memory_proposal_datamapper"

    edit_spec(project, misspell_module)

    output = check_fails(project)

    assert (
        "setup/spec.json: components[0] (InMemoryProposalDataMapper): cannot import "
        f"{ADAPTERS}.in_memory_proposal_datamapper.InMemoryProposalDataMapper: "
        "ModuleNotFoundError: No module named "
        f"'{ADAPTERS}.in_memory_proposal_datamapper'"
    ) in output


def test_check_names_a_port_class_that_does_not_exist(project: Path) -> None:
    def misspell_port(components: list[dict[str, Any]]) -> None:
        components[0]["implements"] = (
            f"{APPLICATION_PORTS}.proposal_data_mapper.ProposalMapper"
        )

    edit_spec(project, misspell_port)

    output = check_fails(project)

    assert (
        "setup/spec.json: components[0] (InMemoryProposalDataMapper): "
        f"cannot import port {APPLICATION_PORTS}.proposal_data_mapper.ProposalMapper: "
        "AttributeError:"
    ) in output


def test_check_reports_a_use_case_missing_from_the_spec(project: Path) -> None:
    (project / "src/app/application/queries/list_proposals.py").write_text(
        "class ListProposals:\n"
        "    async def __call__(self) -> list[str]:\n"
        "        return []\n"
    )

    output = check_fails(project)

    assert (
        "use case app.application.queries.list_proposals.ListProposals "
        "is not listed in setup/spec.json"
    ) in output


def test_check_reports_the_container_error(project: Path) -> None:
    (project / "setup/ioc/registry.py").write_text(
        "def build_container_for_check() -> None:\n"
        "    raise RuntimeError('graph is broken')\n"
    )

    output = check_fails(project)

    assert "the container does not build" in output
    assert "RuntimeError: graph is broken" in output


def test_check_skips_the_container_without_a_registry(project: Path) -> None:
    (project / "setup/ioc/registry.py").unlink()

    run = run_tool(project, "check")

    assert run.exit_code == 0, run.output
    assert (
        "note: container check skipped: setup.ioc.registry does not exist" in run.stdout
    )
    assert "all checks passed" in run.stdout
