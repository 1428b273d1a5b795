"""The `scripts/add-adapter` command line.

Each command imports what it needs when it runs, so `list` and `schema` do not
pay for Jinja2, Dishka and the checks.
"""

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from add_adapter.formatting import FormatterError
from add_adapter.paths import DEFAULT_ROOT, Project
from add_adapter.spec import Spec, load_spec
from add_adapter.spec_errors import SpecError

EXIT_CHECK_FAILED = 1
EXIT_INVALID_SPEC = 2

app = typer.Typer(
    name="add-adapter",
    help="Keep the Dishka wiring in setup/ioc in step with setup/spec.json.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        envvar="ADD_ADAPTER_ROOT",
        help="Root of the project to work on (holds setup/spec.json and src/app).",
        file_okay=False,
        exists=True,
        resolve_path=True,
    ),
]


@app.command()
def sync(root: RootOption = DEFAULT_ROOT) -> None:
    """Write setup/ioc/{domain,application,use_cases}.py from the spec."""
    from add_adapter.wiring import sync as sync_project

    project = Project(root)
    try:
        synced = sync_project(project)
    except SpecError as error:
        _fail_on_invalid_spec(error, "nothing written")
    except FormatterError as error:
        _fail(str(error))
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


@app.command()
def check(root: RootOption = DEFAULT_ROOT) -> None:
    """Check that the spec, the generated wiring and the code agree."""
    from add_adapter.checks.runner import run_checks

    project = Project(root)
    spec = _load_or_exit(project)
    try:
        report = run_checks(project, spec)
    except FormatterError as error:
        _fail(str(error))
    for note in report.notes:
        typer.echo(f"note: {note}")
    if not report.passed:
        for problem in report.problems:
            typer.echo(f"error: {problem}", err=True)
        count = len(report.problems)
        _fail(f"check failed: {count} problem{'s' if count != 1 else ''}")
    typer.echo(report.summary)


@app.command("list")
def list_wiring(root: RootOption = DEFAULT_ROOT) -> None:
    """Print the wiring table: every port binding, then the use cases."""
    from add_adapter.listing import format_table, wiring_rows

    typer.echo(format_table(wiring_rows(_load_or_exit(Project(root)))))


@app.command()
def schema(root: RootOption = DEFAULT_ROOT) -> None:
    """Write setup/spec.schema.json from the spec model."""
    from add_adapter.schema import write_schema

    project = Project(root)
    status = write_schema(project)
    typer.echo(f"{status.value:<9}  {project.display(project.schema_path)}")


def _load_or_exit(project: Project) -> Spec:
    try:
        return load_spec(project.spec_path)
    except SpecError as error:
        _fail_on_invalid_spec(error, "nothing checked")


def _fail_on_invalid_spec(error: SpecError, consequence: str) -> NoReturn:
    for problem in error.problems:
        typer.echo(f"error: {problem}", err=True)
    typer.echo(f"the spec is invalid: {consequence}", err=True)
    raise typer.Exit(EXIT_INVALID_SPEC)


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_CHECK_FAILED)


def main() -> None:
    """Entry point of `scripts/add-adapter`."""
    app(prog_name="add-adapter")
