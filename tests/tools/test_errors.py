"""Every error the tool reports derives from AddAdapterError, with a code of
its own and a default message."""

from add_adapter.errors import EXIT_BAD_INPUT, EXIT_FAILED, AddAdapterError
from add_adapter.scaffold.errors import ScaffoldError, StagingError
from add_adapter.specification.errors import SpecError
from add_adapter.sync.formatting import FormatterError, UnformattableError

COMPONENT_ERRORS = [
    ScaffoldError,
    StagingError,
    SpecError,
    FormatterError,
    UnformattableError,
]


def test_each_component_error_has_a_code_of_its_own() -> None:
    codes = [error.code for error in [AddAdapterError, *COMPONENT_ERRORS]]

    assert len(set(codes)) == len(codes)
    assert all(issubclass(error, AddAdapterError) for error in COMPONENT_ERRORS)


def test_bad_input_and_an_invalid_spec_exit_2_and_the_others_1() -> None:
    assert ScaffoldError.exit_status == SpecError.exit_status == EXIT_BAD_INPUT
    assert StagingError.exit_status == FormatterError.exit_status == EXIT_FAILED


def test_an_error_without_a_message_says_its_default_one() -> None:
    assert str(FormatterError()) == FormatterError.default_message
    assert str(ScaffoldError("--port")) == f"--port: {ScaffoldError.default_message}"
