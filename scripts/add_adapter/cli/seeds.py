"""`from-json`: every infrastructure item of a seed JSON array, and the
resources its entities, interfaces, use cases, schemas and routers make."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from add_adapter.cli.options import DryRunOption, ForceOption, RootOption
from add_adapter.cli.scaffolding import run_add
from add_adapter.paths import DEFAULT_ROOT
from add_adapter.scaffold.errors import ScaffoldError


def from_json(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="Seed JSON array, or - for stdin."),
    ],
    write_paths: Annotated[
        bool,
        typer.Option(
            "--write-paths", help="Write code_path and test_path back into the items."
        ),
    ] = False,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Add every infrastructure item of a seed JSON array (seeds 000, 001):
    models, repositories (methods derived from their names, see README),
    readers, data mappers, HTTP clients, pipeline steps, caches, publishers,
    storages; and resources from the items of an entity, its interfaces, use
    cases, schemas and router. Items of other layers are skipped and
    reported.

    \b
    Example:
      scripts/add-adapter from-json items.json --write-paths
      cat items.json | scripts/add-adapter from-json - --dry-run
    """
    from add_adapter.scaffold.from_json import parse_items, with_paths

    source = "stdin" if file == "-" else file
    try:
        text = (
            sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        )
    except OSError as error:
        raise ScaffoldError(source, f"cannot read: {error.strerror}") from error
    items, parsed = parse_items(text, source)
    for skipped in parsed.skipped:
        typer.echo(skipped)
    if not parsed.requests:
        typer.echo("no infrastructure items: nothing to do")
        return
    paths = run_add(
        root, parsed.requests, dry_run=dry_run, force=force, notes=tuple(parsed.notes)
    )
    if write_paths and not dry_run:
        updated = with_paths(
            items,
            {parsed.item_of_request[name]: value for name, value in paths.items()},
        )
        if file == "-":
            typer.echo(updated, nl=False)
        else:
            Path(file).write_text(updated, encoding="utf-8")
            typer.echo(f"updated    {file} (code_path, test_path)")
