"""How a command fails: every AddAdapterError is reported here, once, with
what the command did not do, and the command exits with the error's status."""

from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from add_adapter.errors import EXIT_FAILED, AddAdapterError
from add_adapter.scaffold.errors import ScaffoldError, StagingError
from add_adapter.specification.errors import SpecError

_CONSEQUENCES = {
    "check": "nothing checked",
    "list": "nothing checked",
    "graph": "nothing checked",
    "record-shipped": "nothing checked",
    "remove": "nothing removed",
}
"""What a failing command did not do, where it is not 'nothing written'."""


class ReportingGroup(TyperGroup):
    """The command group of `scripts/add-adapter`: an AddAdapterError raised by
    any command is reported here rather than in each command."""

    # Any: the Context type is typer's private copy of click's (typer._click).
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except AddAdapterError as error:
            command = ctx.invoked_subcommand or ""
            report(error, _CONSEQUENCES.get(command, "nothing written"))


def report(error: AddAdapterError, consequence: str) -> NoReturn:
    for line in _describe(error, consequence):
        typer.echo(line, err=True)
    raise typer.Exit(error.exit_status)


def _describe(error: AddAdapterError, consequence: str) -> list[str]:
    if isinstance(error, SpecError):
        problems = [f"error: {problem}" for problem in error.problems]
        return [*problems, f"the spec is invalid: {consequence}"]
    if isinstance(error, StagingError):
        # A check failing in the staged copy is the generator's fault, not the
        # input's: bad input is refused before staging.
        return [
            f"internal error: {error}; {consequence}; details in {error.details}",
            "This is a bug of add-adapter: please report it with that file (the "
            "staged project is kept beside it).",
        ]
    if isinstance(error, ScaffoldError):
        return [f"error: {error}", consequence]
    return [str(error)]


def fail(message: str) -> NoReturn:
    """A refusal that is no error of the tool (a check found problems, an
    edited file would be overwritten): the message, and exit status 1."""
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_FAILED)
