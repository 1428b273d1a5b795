"""The root of every error `scripts/add-adapter` reports. Each component
raises its own subclass (ScaffoldError, SpecError, StagingError,
FormatterError), with a stable code, a default message and the status the
command line exits with; the command line catches this base alone."""

from typing import ClassVar

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class AddAdapterError(Exception):
    """Something the tool cannot do; nothing is written."""

    code: ClassVar[str] = "add_adapter_failed"
    default_message: ClassVar[str] = "add-adapter failed"
    exit_status: ClassVar[int] = EXIT_FAILED

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.default_message)
