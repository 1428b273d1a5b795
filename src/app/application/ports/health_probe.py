from typing import Protocol


class HealthProbe(Protocol):
    """Checks that what the service depends on answers; never raises."""

    async def is_healthy(self) -> bool: ...
