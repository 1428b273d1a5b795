"""The scaffolder's errors: bad input (ScaffoldError, naming the item and the
field) and a staged check failing (StagingError, a bug of the generator)."""

from pathlib import Path

from add_adapter.errors import EXIT_BAD_INPUT, AddAdapterError


class ScaffoldError(AddAdapterError):
    """Bad input: nothing is written, and the command exits with status 2.

    `where` locates the problem the way the user wrote it: `--field[2]`, or
    `item[1] (InvoiceRepository): methods[0].return_type`.
    """

    code = "bad_input"
    default_message = "the request cannot be scaffolded"
    exit_status = EXIT_BAD_INPUT

    def __init__(self, where: str, message: str = "") -> None:
        message = message or self.default_message
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.message = message


class StagingError(AddAdapterError):
    """The staged project failed a check; the real tree is untouched."""

    code = "staged_check_failed"
    default_message = "the generated code fails a check"

    def __init__(self, check: str, command: str, output: str) -> None:
        super().__init__(f"the generated code fails {check}")
        self.check = check
        self.command = command
        self.output = output
        self.kept: Path | None = None
        """Where the staged project and `details.txt` were kept."""

    @property
    def details(self) -> Path | None:
        return None if self.kept is None else self.kept / "details.txt"
