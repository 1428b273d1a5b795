"""One log line when a backing service goes away, one when it is back.

Without it every request that fails during an outage logs its own
traceback: hundreds of copies of one cause. The component that talks to the
service reports each failure and each success here; the first failure is
logged at WARNING with its cause, later ones are marked (see
exceptions.logged_as_outage) so the requests they fail log them at DEBUG
only, and the first success logs how long the outage lasted.
"""

import logging
import time

from app.infrastructure.exceptions import mark_logged_outage

logger = logging.getLogger(__name__)


class OutageLog:
    def __init__(self, service: str, target: str) -> None:
        self._service = service
        self._target = target
        self._since: float | None = None
        self._failures = 0

    @property
    def is_down(self) -> bool:
        return self._since is not None

    def failed(self, err: BaseException) -> None:
        mark_logged_outage(err)
        self._failures += 1
        if self._since is not None:
            return
        self._since = time.monotonic()
        logger.warning(
            "%s unavailable: %s",
            self._service,
            describe_error(err),
            extra={"dependency": self._service, "target": self._target},
        )

    def succeeded(self) -> None:
        if self._since is None:
            return
        lasted = time.monotonic() - self._since
        failures, self._since, self._failures = self._failures, None, 0
        logger.info(
            "%s available again after %.1f s (%d failed attempts meanwhile)",
            self._service,
            lasted,
            failures,
            extra={
                "dependency": self._service,
                "target": self._target,
                "outage_seconds": round(lasted, 3),
                "failures": failures,
            },
        )


def describe_error(err: BaseException) -> str:
    """``Type: message``, on one line, of the error's innermost cause."""
    root = err
    while root.__cause__ is not None:
        root = root.__cause__
    message = " ".join(str(root).split())
    return f"{type(root).__name__}: {message}" if message else type(root).__name__
