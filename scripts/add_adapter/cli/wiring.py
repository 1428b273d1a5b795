"""The commands that keep the project's files in step with the spec: `sync`,
`check`, `schema` and `record-shipped`.

Each imports what it needs when it runs, so `schema` does not pay for Jinja2,
Dishka and the checks."""

from typing import Annotated

import typer

from add_adapter.cli.failures import fail
from add_adapter.cli.options import RootOption
from add_adapter.paths import DEFAULT_ROOT, Project
from add_adapter.specification.model import load_spec


def sync(root: RootOption = DEFAULT_ROOT) -> None:
    """Write the modules generated from the spec.

    They are setup/ioc/{domain,application,use_cases,adapter_configs}.py and
    setup/adapter_settings.py."""
    from add_adapter.sync.wiring import sync as sync_project

    project = Project(root)
    synced = sync_project(project)
    for registration in synced.registrations.added:
        ports = ", ".join(port.rpartition(".")[2] for port in registration.ports)
        typer.echo(
            f"registered {registration.adapter} for {ports} "
            f"(kind {registration.kind.value}, scope {registration.scope.value})"
        )
    for ambiguity in synced.registrations.ambiguities:
        typer.echo(f"warning: {ambiguity}", err=True)
    for synced_file in synced.files:
        typer.echo(f"{synced_file.status.value:<9}  {synced_file.path.as_posix()}")


def check(
    root: RootOption = DEFAULT_ROOT,
    allow_gap: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-gap",
            metavar="MODULE.CLASS",
            help="A port (module.ClassName) whose combinations of settings "
            "without a binding are notes, not problems; the scaffolder passes "
            "the ports it writes with only a conditional binding.",
        ),
    ] = None,
) -> None:
    """Check that the spec, the generated wiring and the code agree."""
    from add_adapter.checks.runner import run_checks

    project = Project(root)
    spec = load_spec(project.spec_path)
    report = run_checks(project, spec, frozenset(allow_gap or ()))
    for note in report.notes:
        typer.echo(f"note: {note}")
    if not report.passed:
        for problem in report.problems:
            typer.echo(f"error: {problem}", err=True)
        count = len(report.problems)
        fail(f"check failed: {count} problem{'s' if count != 1 else ''}")
    typer.echo(report.summary)


def schema(root: RootOption = DEFAULT_ROOT) -> None:
    """Write setup/spec.schema.json from the spec model."""
    from add_adapter.specification.schema import write_schema

    project = Project(root)
    status = write_schema(project)
    typer.echo(f"{status.value:<9}  {project.display(project.schema_path)}")


def record_shipped(root: RootOption = DEFAULT_ROOT) -> None:
    """Record the files of the adapters the project ships (modules, ports,
    table models, and what the scaffolder wrote for them) as they are now, in
    setup/generated-files.json: `remove` then deletes them while unchanged
    and protects them once edited. The base runs it after changing a shipped
    adapter; `dev.py new` runs it for each new service.
    """
    from add_adapter.scaffold.shipped import record_shipped as record

    project = Project(root)
    load_spec(project.spec_path)
    status = record(project)
    typer.echo(f"{status.value:<9}  setup/generated-files.json")
