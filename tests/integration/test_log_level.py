"""LOG_LEVEL holds for uvicorn's lines too, its access line included."""

import logging
from collections.abc import Iterator

import pytest

from setup.config import Settings
from setup.logs import ACCESS_LOGGER, configure_logging


@pytest.fixture(autouse=True)
def logging_restored() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    access = logging.getLogger(ACCESS_LOGGER)
    access_level, access_propagates = access.level, access.propagate
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    access.setLevel(access_level)
    access.propagate = access_propagates


def configured_as_uvicorn_leaves_it(log_level: str) -> logging.Logger:
    access = logging.getLogger(ACCESS_LOGGER)
    # What uvicorn does before it imports the app (its --log-level info).
    access.setLevel(logging.INFO)
    access.propagate = False
    configure_logging(Settings(_env_file=None, log_level=log_level))
    return access


def test_at_warning_a_request_writes_no_access_line() -> None:
    access = configured_as_uvicorn_leaves_it("WARNING")

    assert not access.isEnabledFor(logging.INFO)
    assert access.isEnabledFor(logging.WARNING)


def test_at_info_a_request_writes_its_access_line() -> None:
    access = configured_as_uvicorn_leaves_it("INFO")

    assert access.isEnabledFor(logging.INFO)
    assert access.propagate
