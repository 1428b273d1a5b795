"""The OpenTelemetry SDK objects of a process, made from the settings."""

from dataclasses import dataclass, field
from importlib.metadata import entry_points

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from prometheus_client import CollectorRegistry

from setup.config import TRACES_EXPORTERS, Settings


@dataclass
class Telemetry:
    """Where spans and metrics go; None where they are off."""

    tracer_provider: TracerProvider | None = None
    meter_provider: MeterProvider | None = None
    # What GET /metrics serves (the Prometheus reader's registry).
    metrics: CollectorRegistry | None = field(default=None)

    @property
    def enabled(self) -> bool:
        return self.tracer_provider is not None or self.meter_provider is not None

    def shutdown(self) -> None:
        """Exports what is still buffered (the last spans), then stops."""
        if self.tracer_provider is not None:
            self.tracer_provider.shutdown()
        if self.meter_provider is not None:
            self.meter_provider.shutdown()


def telemetry_from(settings: Settings) -> Telemetry:
    if settings.otel_sdk_disabled:
        return Telemetry()
    resource = Resource.create({"service.name": settings.otel_service_name})
    telemetry = Telemetry()
    exporters = _span_exporters(settings.otel_traces_exporter)
    if exporters:
        telemetry.tracer_provider = TracerProvider(resource=resource)
        for exporter in exporters:
            processor = BatchSpanProcessor(exporter)
            telemetry.tracer_provider.add_span_processor(processor)
    if settings.metrics_enabled:
        # Imported here: it registers with prometheus_client on import.
        from opentelemetry.exporter.prometheus import PrometheusMetricReader

        telemetry.metrics = CollectorRegistry()
        reader = PrometheusMetricReader(registry=telemetry.metrics)
        telemetry.meter_provider = MeterProvider(
            resource=resource, metric_readers=[reader]
        )
    return telemetry


def _span_exporters(names: str) -> list[SpanExporter]:
    """The exporters OTEL_TRACES_EXPORTER names, as the SDK's own
    configuration finds them (entry points); ``otlp`` is OTLP over HTTP, the
    one installed."""
    found = entry_points(group="opentelemetry_traces_exporter")
    exporters: list[SpanExporter] = []
    for name in _names(names):
        (entry,) = found.select(name=TRACES_EXPORTERS[name])
        exporters.append(entry.load()())
    return exporters


def _names(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    return [name for name in names if name != "none"]
