"""The reports over the spec: `list` and `graph`."""

from pathlib import Path
from typing import Annotated

import typer

from add_adapter.cli.options import RootOption
from add_adapter.paths import DEFAULT_ROOT, Project
from add_adapter.specification.model import load_spec


def list_wiring(root: RootOption = DEFAULT_ROOT) -> None:
    """Print the wiring table: every port binding, then the use cases."""
    from add_adapter.reports.listing import format_table, wiring_rows

    typer.echo(format_table(wiring_rows(load_spec(Project(root).spec_path))))


def graph(
    output: Annotated[
        Path, typer.Option("--output", metavar="FILE", help="Mermaid file to write.")
    ] = Path("docs/wiring.mmd"),
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Write a Mermaid diagram of the wiring (ports, adapters, scopes)."""
    from add_adapter.reports.graph import write_graph

    project = Project(root)
    load_spec(project.spec_path)
    status = write_graph(project, output)
    typer.echo(f"{status.value:<9}  {project.display(output)}")
