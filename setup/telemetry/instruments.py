"""The libraries' own OpenTelemetry instrumentation, on the objects the
container makes: the engine (SQLAlchemy: a span per statement, pool use),
the httpx client, the Redis client; FastAPI's on the app; aio-pika's on the
process (it has no per-connection form)."""

from dishka import Provider, Scope, decorate
from fastapi import FastAPI
from httpx import AsyncClient
from opentelemetry.instrumentation.aio_pika import AioPikaInstrumentor
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.redis import RedisInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.metrics import get_meter
from opentelemetry.semconv.metrics import MetricInstruments
from opentelemetry.trace import get_tracer
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from setup.telemetry.sdk import Telemetry

# Not traced: probes and scrapes would be most of the spans.
EXCLUDED_URLS = "/health/live,/health/ready,/health,/metrics"


def instrument_app(app: FastAPI, telemetry: Telemetry) -> None:
    """A span and the request metrics (count, duration by route template)
    for every request."""
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=telemetry.tracer_provider,
        meter_provider=telemetry.meter_provider,
        excluded_urls=EXCLUDED_URLS,
    )


def instrument_process(telemetry: Telemetry) -> None:
    """aio-pika's instrumentation patches its classes: once per process."""
    instrumentor = AioPikaInstrumentor()
    if (
        telemetry.tracer_provider is not None
        and not instrumentor.is_instrumented_by_opentelemetry
    ):
        instrumentor.instrument(tracer_provider=telemetry.tracer_provider)


class InstrumentationProvider(Provider):
    scope = Scope.APP

    def __init__(self, telemetry: Telemetry) -> None:
        super().__init__()
        self._telemetry = telemetry

    @decorate
    def engine(self, engine: AsyncEngine) -> AsyncEngine:
        scope = SQLAlchemyInstrumentor.__module__
        meter = get_meter(scope, meter_provider=self._telemetry.meter_provider)
        connections_usage = meter.create_up_down_counter(
            name=MetricInstruments.DB_CLIENT_CONNECTIONS_USAGE,
            unit="connections",
            description="Connections of the pool, by state (idle, used).",
        )
        tracer = get_tracer(scope, tracer_provider=self._telemetry.tracer_provider)
        # The instrumentor's per-engine part: its instrument() would also
        # patch create_engine for the whole process.
        EngineTracer(  # type: ignore[no-untyped-call]
            tracer, engine.sync_engine, connections_usage
        )
        return engine

    @decorate
    def http_client(self, client: AsyncClient) -> AsyncClient:
        HTTPXClientInstrumentor.instrument_client(
            client,
            tracer_provider=self._telemetry.tracer_provider,
            meter_provider=self._telemetry.meter_provider,
        )
        return client

    @decorate
    def redis(self, client: Redis) -> Redis:
        RedisInstrumentor.instrument_client(
            client, tracer_provider=self._telemetry.tracer_provider
        )
        return client
