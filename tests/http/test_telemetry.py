"""Traces and metrics: spans for the request, the use case, each adapter
call and each SQL statement (an in-memory exporter), and GET /metrics with
the request, pool and outbox metrics. Off by default: no span, no route."""

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)

from app.application.ports.user_reader import UserReader
from app.infrastructure.adapters.sqla_user_reader import SqlaUserReader
from app.infrastructure.messaging.outbox_relay import OutboxRelay
from setup.app_factory import create_app
from setup.config import Settings
from setup.telemetry.sdk import Telemetry, telemetry_from
from setup.telemetry.tracing import TracedProxy, bound_types
from tests.http.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, log_in
from tests.support.settings import settings_for

REPO = Path(__file__).resolve().parents[2]
# No user has this id.
NOBODY = "00000000-0000-0000-0000-000000000000"


def _client(app: FastAPI) -> AsyncClient:
    return AsyncClient(transport=ASGITransport(app), base_url="http://test")


@pytest.fixture
def spans() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
async def traced_app(
    settings: Settings, spans: InMemorySpanExporter
) -> AsyncIterator[FastAPI]:
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    app = create_app(settings, telemetry=Telemetry(tracer_provider=tracer_provider))
    async with LifespanManager(app):
        yield app


def _named(spans: InMemorySpanExporter, name: str) -> list[ReadableSpan]:
    return [span for span in spans.get_finished_spans() if span.name == name]


async def test_a_request_has_spans_for_its_use_case_adapters_and_sql(
    traced_app: FastAPI, spans: InMemorySpanExporter
) -> None:
    async with _client(traced_app) as client:
        await log_in(client, ADMIN_EMAIL, ADMIN_PASSWORD)
        spans.clear()
        response = await client.get("/api/v1/users?limit=5")
    assert response.status_code == 200

    (request,) = _named(spans, "GET /api/v1/users")
    (use_case,) = _named(spans, "ListUsers.execute")
    (reader,) = _named(spans, "SqlaUserReader.list_users")
    trace_id = request.context.trace_id
    sql = [
        span
        for span in spans.get_finished_spans()
        if span.name.startswith("SELECT") and span.context.trace_id == trace_id
    ]
    assert {s.context.trace_id for s in (use_case, reader)} == {trace_id}
    assert use_case.parent is not None
    assert reader.parent is not None
    assert reader.parent.span_id == use_case.context.span_id
    # The listing's query, inside the same trace.
    assert sql, [s.name for s in spans.get_finished_spans()]


async def test_a_failing_adapter_call_is_an_error_span(
    traced_app: FastAPI, spans: InMemorySpanExporter
) -> None:
    async with _client(traced_app) as client:
        await log_in(client, ADMIN_EMAIL, ADMIN_PASSWORD)
        response = await client.post(f"/api/v1/users/{NOBODY}/deactivate")
    assert response.status_code == 404

    (use_case,) = _named(spans, "DeactivateUser.execute")
    assert not use_case.status.is_ok
    assert use_case.events[0].name == "exception"


async def test_every_port_and_use_case_the_spec_binds_is_traced() -> None:
    names = {bound.__name__ for bound in bound_types()}
    spec = json.loads((REPO / "setup" / "spec.json").read_text(encoding="utf-8"))
    for component in spec["components"]:
        implements = component.get("implements") or [component["class_name"]]
        ports = [implements] if isinstance(implements, str) else implements
        # One class serving several ports is one factory; the others alias it.
        assert {port.rpartition(".")[2] for port in ports} & names, component


async def test_tracing_off_leaves_no_proxy_on_any_call(settings: Settings) -> None:
    app = create_app(settings)
    async with LifespanManager(app):
        container = app.state.dishka_container
        async with container() as request_scope:
            reader = await request_scope.get(UserReader)
    # The adapter itself, nothing around it.
    assert not isinstance(reader, TracedProxy)
    assert type(reader) is SqlaUserReader


async def test_metrics_are_off_by_default(client: AsyncClient) -> None:
    assert (await client.get("/metrics")).status_code == 404


async def test_metrics_name_requests_by_route_pool_use_and_the_outbox(
    database_url: str, tmp_path: Path
) -> None:
    settings = settings_for(
        database_url,
        metrics_enabled=True,
        initial_admin_email=ADMIN_EMAIL,
        initial_admin_password=ADMIN_PASSWORD,
        file_storage_root=tmp_path,
    )
    app = create_app(settings, telemetry=telemetry_from(settings))
    async with LifespanManager(app), _client(app) as client:
        await log_in(client, ADMIN_EMAIL, ADMIN_PASSWORD)
        await client.post(f"/api/v1/users/{NOBODY}/deactivate")
        relay = await app.state.dishka_container.get(OutboxRelay)
        relay.failures_total = 2
        response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    # Request rate and latency, by route template (not by path): labelled
    # http_target by the default semantic conventions, http_route by the
    # newer ones (OTEL_SEMCONV_STABILITY_OPT_IN=http).
    assert "http_server_duration_milliseconds_bucket{" in text
    assert '="/api/v1/users/{user_id}/deactivate"' in text
    assert "00000000-0000" not in text
    assert "db_client_connections_usage" in text
    assert "outbox_backlog" in text
    assert "outbox_lag_seconds" in text
    assert "outbox_relay_errors_total" in text
    assert _sample(text, "outbox_relay_errors_total") == 2.0


def _sample(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith((name + "{", name + " ")):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in the metrics:\n{text}")
