"""`sync` registers adapters missing from the spec and reports what it cannot decide."""

import json
from pathlib import Path
from typing import Any

from .tool_runner import edit_spec, run_tool

MAPPER = "InMemoryProposalDataMapper"


def _components(root: Path) -> list[dict[str, Any]]:
    spec = json.loads((root / "setup" / "spec.json").read_text(encoding="utf-8"))
    components: list[dict[str, Any]] = spec["components"]
    return components


def _drop(class_name: str) -> Any:
    def change(components: list[dict[str, Any]]) -> None:
        components[:] = [c for c in components if c["class_name"] != class_name]

    return change


def test_deleted_binding_fails_check_then_sync_registers_it_again(
    project: Path,
) -> None:
    edit_spec(project, _drop(MAPPER))

    failed = run_tool(project, "check")
    synced = run_tool(project, "sync")
    passed = run_tool(project, "check")

    assert failed.exit_code == 1
    assert "ProposalDataMapper has no binding" in failed.output
    assert synced.exit_code == 0, synced.output
    module = "app.infrastructure.adapters.in_memory_proposal_data_mapper"
    assert f"registered {module}.{MAPPER}" in synced.stdout
    assert "for ProposalDataMapper (kind data_mapper, scope app)" in synced.stdout
    assert passed.exit_code == 0, passed.output
    entry = next(c for c in _components(project) if c["class_name"] == MAPPER)
    assert entry["implements"] == (
        "app.application.ports.proposal_data_mapper.ProposalDataMapper"
    )
    assert entry["layer"] == "infrastructure/adapter"


def test_one_class_serving_two_ports_is_registered_with_both(project: Path) -> None:
    edit_spec(project, _drop("InMemoryTransaction"))

    synced = run_tool(project, "sync")

    assert synced.exit_code == 0, synced.output
    entry = next(
        c for c in _components(project) if c["class_name"] == "InMemoryTransaction"
    )
    assert entry["kind"] == "transaction_manager"
    assert [port.rpartition(".")[2] for port in entry["implements"]] == [
        "Flusher",
        "TransactionManager",
    ]
    assert run_tool(project, "check").exit_code == 0


def test_two_unlisted_adapters_for_one_port_are_reported_not_guessed(
    project: Path,
) -> None:
    edit_spec(project, _drop(MAPPER))
    second = project / "src/app/infrastructure/adapters/dict_proposal_data_mapper.py"
    source = (
        project / "src/app/infrastructure/adapters/in_memory_proposal_data_mapper.py"
    ).read_text(encoding="utf-8")
    second.write_text(
        source.replace(MAPPER, "DictProposalDataMapper"), encoding="utf-8"
    )
    spec_before = (project / "setup" / "spec.json").read_bytes()

    synced = run_tool(project, "sync")

    assert synced.exit_code == 0, synced.output
    assert (
        "both implement app.application.ports.proposal_data_mapper.ProposalDataMapper"
        in synced.stderr
    )
    assert "registered" not in synced.stdout
    assert (project / "setup" / "spec.json").read_bytes() == spec_before


def test_an_adapter_for_an_already_bound_port_is_reported(project: Path) -> None:
    second = project / "src/app/infrastructure/adapters/dict_proposal_data_mapper.py"
    source = (
        project / "src/app/infrastructure/adapters/in_memory_proposal_data_mapper.py"
    ).read_text(encoding="utf-8")
    second.write_text(
        source.replace(MAPPER, "DictProposalDataMapper"), encoding="utf-8"
    )

    synced = run_tool(project, "sync")

    assert synced.exit_code == 0, synced.output
    assert "DictProposalDataMapper implements" in synced.stderr
    bound_to = f"app.infrastructure.adapters.in_memory_proposal_data_mapper.{MAPPER}"
    assert f"already binds to {bound_to}" in synced.stderr
    assert all(
        c["class_name"] != "DictProposalDataMapper" for c in _components(project)
    )


def test_a_decorator_of_a_bound_port_is_neither_registered_nor_reported(
    project: Path,
) -> None:
    decorator = project / "src/app/infrastructure/adapters/logging_proposal_reader.py"
    decorator.write_text(
        "from app.application.ports.proposal_data_mapper import ProposalDataMapper\n"
        "from app.domain.entities.proposal import Proposal\n\n\n"
        "class LoggingProposalDataMapper(ProposalDataMapper):\n"
        '    """Wraps the bound ProposalDataMapper (a Dishka decorate)."""\n\n'
        "    def __init__(self, inner: ProposalDataMapper) -> None:\n"
        "        self._inner = inner\n\n"
        "    async def add(self, proposal: Proposal) -> None:\n"
        "        await self._inner.add(proposal)\n",
        encoding="utf-8",
    )
    spec_before = (project / "setup" / "spec.json").read_bytes()

    synced = run_tool(project, "sync")

    assert synced.exit_code == 0, synced.output
    assert "LoggingProposalDataMapper" not in synced.output
    assert (project / "setup" / "spec.json").read_bytes() == spec_before
