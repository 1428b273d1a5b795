"""GET /metrics (METRICS_ENABLED=true): Prometheus' text format.

The request metrics (rate and latency by route template) come from FastAPI's
instrumentation and the pool's use from SQLAlchemy's. The outbox's backlog
and lag are measured when Prometheus scrapes (one query, never on the
request path); the relay's errors are its own count.
"""

from collections.abc import Iterable

from dishka import AsyncContainer
from fastapi import FastAPI
from opentelemetry.metrics import CallbackOptions, Observation
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import Response

from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.messaging.outbox_relay import OutboxRelay
from app.infrastructure.messaging.sqla_outbox_backlog import (
    OutboxBacklog,
    SqlaOutboxBacklog,
)
from setup.telemetry.sdk import Telemetry

METRICS_PATH = "/metrics"


class OutboxMetrics:
    """The outbox's instruments; their values are read at collection."""

    def __init__(self, telemetry: Telemetry) -> None:
        assert telemetry.meter_provider is not None
        meter = telemetry.meter_provider.get_meter(__name__)
        self._relay_errors = 0
        self._backlog: OutboxBacklog | None = None
        meter.create_observable_gauge(
            "outbox.backlog",
            [self._unpublished],
            unit="{message}",
            description="Outbox rows not yet published.",
        )
        meter.create_observable_gauge(
            "outbox.lag",
            [self._lag],
            unit="s",
            description="Age of the oldest unpublished outbox row.",
        )
        meter.create_observable_counter(
            "outbox.relay.errors",
            [self._errors],
            unit="{error}",
            description="Relay batches that failed (broker or database away).",
        )

    async def measure(self, backlog: SqlaOutboxBacklog, relay: OutboxRelay) -> None:
        self._relay_errors = relay.failures_total
        try:
            self._backlog = await backlog.measure()
        except DataMapperError:
            self._backlog = None  # not reported while the database is away

    def _unpublished(self, _: CallbackOptions) -> Iterable[Observation]:
        if self._backlog is not None:
            yield Observation(self._backlog.unpublished)

    def _lag(self, _: CallbackOptions) -> Iterable[Observation]:
        if self._backlog is not None:
            yield Observation(self._backlog.lag_seconds)

    def _errors(self, _: CallbackOptions) -> Iterable[Observation]:
        yield Observation(self._relay_errors)


def add_metrics_route(app: FastAPI, telemetry: Telemetry) -> None:
    registry = telemetry.metrics
    assert registry is not None
    outbox = OutboxMetrics(telemetry)

    async def metrics(request: Request) -> Response:
        container: AsyncContainer = request.app.state.dishka_container
        backlog = await container.get(SqlaOutboxBacklog)
        await outbox.measure(backlog, await container.get(OutboxRelay))
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    app.add_route(METRICS_PATH, metrics, methods=["GET"], include_in_schema=False)
