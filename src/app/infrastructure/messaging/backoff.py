from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    """How long to wait after failures in a row: doubling from
    ``initial_seconds``, never more than ``max_seconds``."""

    initial_seconds: float = 0.5
    max_seconds: float = 30.0

    def delay(self, failures: int) -> float:
        """Seconds to wait after the ``failures``-th failure in a row (1 for
        the first)."""
        # Past 2**64 the cap has long been reached; the bound keeps the
        # power finite.
        doublings = min(max(failures, 1) - 1, 64)
        return min(self.max_seconds, self.initial_seconds * 2.0**doublings)
