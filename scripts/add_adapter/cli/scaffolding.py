"""Running an addition or a removal from the command line, and reporting what
it changed (or, in a dry run, would change)."""

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from add_adapter.cli.failures import fail
from add_adapter.cli.prompts import ask_stand_in
from add_adapter.paths import Project
from add_adapter.scaffold.request import AdapterRequest

if TYPE_CHECKING:
    from add_adapter.scaffold.run import Outcome


def run_add(
    root: Path,
    requests: list[AdapterRequest],
    *,
    dry_run: bool,
    force: bool,
    notes: tuple[str, ...] = (),
    asking: bool = False,
) -> dict[str, tuple[str | None, str | None]]:
    """Add, report, exit non-zero on refusal; returns each addition's paths.
    `asking`: a person is there to name a class to bind where a condition
    leaves a new port without its adapter."""
    from add_adapter.scaffold.run import add

    outcome = add(
        Project(root),
        requests,
        dry_run=dry_run,
        force=force,
        ask=ask_stand_in if asking else None,
    )
    for note in [*notes, *outcome.notes]:
        typer.echo(f"note: {note}")
    _report(outcome, dry_run=dry_run)
    return {
        a.owner: (
            a.code_path.as_posix() if a.code_path else None,
            a.test_path.as_posix() if a.test_path else None,
        )
        for a in outcome.additions
    }


def run_remove(root: Path, name: str, *, dry_run: bool, force: bool) -> None:
    from add_adapter.scaffold.run import remove

    outcome = remove(Project(root), name, dry_run=dry_run, force=force)
    for note in outcome.notes:
        typer.echo(f"note: {note}")
    _report(outcome, dry_run=dry_run)


def _report(outcome: "Outcome", *, dry_run: bool) -> None:
    for change in outcome.changes:
        typer.echo(f"{change.status.value:<9}  {change.path.as_posix()}")
    if dry_run:
        for change in outcome.changes:
            if change.status.value != "identical":
                typer.echo(change.diff(), nl=False)
        typer.echo("dry run: nothing written")
        return
    if outcome.conflicts and not outcome.written:
        for change in outcome.conflicts:
            typer.echo(change.diff(), nl=False, err=True)
        count = len(outcome.conflicts)
        deleted = all(change.new is None for change in outcome.conflicts)
        verb = "delete" if deleted else "overwrite"
        fail(
            f"error: {count} file{'s' if count != 1 else ''} edited since generated "
            f"or shipped would be {verb}d; nothing written (use --force to {verb})"
        )
    if all(change.status.value == "identical" for change in outcome.changes):
        typer.echo("nothing to change")
