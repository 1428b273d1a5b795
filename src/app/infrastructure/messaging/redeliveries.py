from dataclasses import dataclass, field

from app.infrastructure.exceptions import InfrastructureError
from app.infrastructure.messaging.backoff import Backoff


@dataclass(frozen=True, slots=True)
class RedeliveryConfig:
    # Deliveries of a message whose handler keeps failing with an error other
    # than an InfrastructureError, before the message is given up.
    max_attempts: int = 5
    backoff: Backoff = field(default_factory=Backoff)


class Redeliveries:
    """Failed deliveries of each message, and whether to deliver it again.

    A handler failing with an InfrastructureError (its database or another
    service away) is retried without bound: waiting is what fixes that, and
    giving up would lose the event. Any other error (a bug, an event the
    handler refuses, a payload that does not decode) would fail the same way
    every time: the message is delivered at most ``max_attempts`` times,
    then given up. Counts live in memory, per process: a restart starts them
    again, so a bug-hit message may be tried a few more times, never fewer.
    """

    def __init__(self, config: RedeliveryConfig) -> None:
        self._config = config
        self._failures: dict[str, int] = {}

    def failed(self, key: str, error: Exception) -> float | None:
        """Records a failed delivery of the message ``key``; the seconds to
        wait before delivering it again, or None to give it up."""
        failures = self._failures.get(key, 0) + 1
        if (
            not isinstance(error, InfrastructureError)
            and failures >= self._config.max_attempts
        ):
            self._failures.pop(key, None)
            return None
        self._failures[key] = failures
        return self._config.backoff.delay(failures)

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)
