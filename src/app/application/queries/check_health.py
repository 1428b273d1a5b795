from app.application.ports.health_probe import HealthProbe


class CheckHealth:
    """Whether the service can serve requests right now; never raises."""

    def __init__(self, probe: HealthProbe) -> None:
        self._probe = probe

    async def execute(self) -> bool:
        return await self._probe.is_healthy()
