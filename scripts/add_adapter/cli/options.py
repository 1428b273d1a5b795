"""The options and the argument the commands share (the kinds' own are in
kind_options.py)."""

from pathlib import Path
from typing import Annotated

import typer

RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        envvar="ADD_ADAPTER_ROOT",
        metavar="DIR",
        help="Root of the project to work on (holds setup/spec.json and src/app).",
        file_okay=False,
        exists=True,
        resolve_path=True,
    ),
]

NameArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="Class name of the adapter: technology and role, e.g. "
        "SqlaBookRepository (at most 40 characters).",
    ),
]
EntityArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="The entity, e.g. Book: its routes are under /api/v1/books.",
    ),
]

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the plan and the diff; write nothing.")
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Overwrite generated files you have edited.")
]
NoInputOption = Annotated[
    bool,
    typer.Option(
        "--no-input",
        help="Never ask (the default without a terminal); missing "
        "arguments are errors.",
    ),
]
