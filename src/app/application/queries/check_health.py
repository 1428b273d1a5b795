import asyncio

from app.application.common.health import HealthProbes, HealthReport


class CheckHealth:
    """Whether the service can serve requests right now: every backing
    service it needs answers (probed together); never raises."""

    def __init__(self, probes: HealthProbes) -> None:
        self._probes = probes

    async def execute(self) -> HealthReport:
        names = list(self._probes.by_name)
        answers = await asyncio.gather(
            *(self._probes.by_name[name].is_healthy() for name in names)
        )
        return HealthReport(dict(zip(names, answers, strict=True)))
