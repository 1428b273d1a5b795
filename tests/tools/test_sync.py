"""`scripts/add-adapter sync` writes the three provider modules, and only when
their content changes."""

import subprocess
from pathlib import Path
from typing import Any

from .fixture_project import REPO_ROOT
from .tool_runner import GENERATED_FILES, edit_spec, generated_contents, run_tool


def test_sync_creates_the_three_provider_modules(unsynced_project: Path) -> None:
    run = run_tool(unsynced_project, "sync")

    assert run.exit_code == 0, run.output
    for name in GENERATED_FILES:
        assert f"created    {name}" in run.stdout
    application = (unsynced_project / "setup/ioc/application.py").read_text()
    assert "class ApplicationPortsProvider(Provider):" in application
    assert (
        "    # Data mappers\n    in_memory_proposal_data_mapper = provide(\n"
        in application
    )
    assert "provides=AnyOf[Flusher, TransactionManager],\n" in application
    domain = (unsynced_project / "setup/ioc/domain.py").read_text()
    assert "class DomainPortsProvider(Provider):" in domain
    assert "    # ID generators\n" in domain
    assert "scope=Scope.APP," in domain
    use_cases = (unsynced_project / "setup/ioc/use_cases.py").read_text()
    assert (
        "request_scoped = provide_all(\n        CreateProposal,\n        GetProposal,\n"
        in (use_cases)
    )


def test_generated_modules_satisfy_the_projects_ruff(synced_template: Path) -> None:
    ruff = REPO_ROOT / ".venv" / "bin" / "ruff"
    for arguments in (["check"], ["format", "--check"]):
        completed = subprocess.run(
            [str(ruff), *arguments, *GENERATED_FILES],
            cwd=synced_template,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr


def test_second_sync_changes_nothing(project: Path) -> None:
    before = generated_contents(project)
    modified_before = {
        name: (project / name).stat().st_mtime_ns for name in GENERATED_FILES
    }

    run = run_tool(project, "sync")

    assert run.exit_code == 0, run.output
    assert run.stdout.splitlines() == [f"unchanged  {name}" for name in GENERATED_FILES]
    assert generated_contents(project) == before
    assert {name: (project / name).stat().st_mtime_ns for name in GENERATED_FILES} == (
        modified_before
    )


def test_output_does_not_depend_on_the_order_of_the_spec(project: Path) -> None:
    before = generated_contents(project)

    def shuffle(components: list[dict[str, Any]]) -> None:
        components.reverse()
        components.insert(1, components.pop())

    edit_spec(project, shuffle)
    run = run_tool(project, "sync")

    assert run.exit_code == 0, run.output
    assert "updated" not in run.stdout
    assert generated_contents(project) == before


def test_sync_rewrites_a_hand_edited_module(project: Path) -> None:
    domain = project / "setup/ioc/domain.py"
    expected = domain.read_text()
    domain.write_text(expected + "# hand edit\n")

    run = run_tool(project, "sync")

    assert run.exit_code == 0, run.output
    assert "updated    setup/ioc/domain.py" in run.stdout
    assert domain.read_text() == expected
