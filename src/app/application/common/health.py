"""What readiness checks, and what it found."""

from collections.abc import Mapping
from dataclasses import dataclass

from app.application.ports.health_probe import HealthProbe


@dataclass(frozen=True, slots=True)
class HealthProbes:
    """One probe per backing service the service needs to serve, by name:
    the main store always, a cache or broker where one is configured."""

    by_name: Mapping[str, HealthProbe]

    def including(self, name: str, probe: HealthProbe) -> "HealthProbes":
        return HealthProbes({**self.by_name, name: probe})


@dataclass(frozen=True, slots=True)
class HealthReport:
    """Whether each backing service answered (name -> answered)."""

    answered: Mapping[str, bool]

    @property
    def ready(self) -> bool:
        return all(self.answered.values())

    @property
    def failing(self) -> list[str]:
        return [name for name, answered in self.answered.items() if not answered]
