"""How a command fails: the message on stderr and the exit status."""

from typing import TYPE_CHECKING, NoReturn

import typer

from add_adapter.paths import Project
from add_adapter.scaffold.problems import ScaffoldError
from add_adapter.spec.errors import SpecError
from add_adapter.spec.model import Spec, load_spec

if TYPE_CHECKING:
    from add_adapter.scaffold.stage import StagingError

EXIT_CHECK_FAILED = 1
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2
EXIT_INVALID_SPEC = 2


def fail_internal(
    error: "StagingError", consequence: str = "nothing written"
) -> NoReturn:
    """A check failing in the staged copy: the generator's fault, not the
    input's (bad input is refused before staging)."""
    typer.echo(
        f"internal error: {error}; {consequence}; details in {error.details}\n"
        "This is a bug of add-adapter: please report it with that file (the "
        "staged project is kept beside it).",
        err=True,
    )
    raise typer.Exit(EXIT_REFUSED)


def fail_bad_input(error: ScaffoldError) -> NoReturn:
    typer.echo(f"error: {error}", err=True)
    typer.echo("nothing written", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def load_or_exit(project: Project) -> Spec:
    try:
        return load_spec(project.spec_path)
    except SpecError as error:
        fail_on_invalid_spec(error, "nothing checked")


def fail_on_invalid_spec(error: SpecError, consequence: str) -> NoReturn:
    for problem in error.problems:
        typer.echo(f"error: {problem}", err=True)
    typer.echo(f"the spec is invalid: {consequence}", err=True)
    raise typer.Exit(EXIT_INVALID_SPEC)


def fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_CHECK_FAILED)
