"""Where telemetry attaches: the container, the app, the process."""

from dishka import Provider
from fastapi import FastAPI

from setup.telemetry.instruments import (
    InstrumentationProvider,
    instrument_app,
    instrument_process,
)
from setup.telemetry.metrics import add_metrics_route
from setup.telemetry.sdk import Telemetry
from setup.telemetry.tracing import TracingProvider


def telemetry_providers(telemetry: Telemetry) -> list[Provider]:
    """Decorators for the container: none while telemetry is off."""
    if not telemetry.enabled:
        return []
    instrument_process(telemetry)
    providers: list[Provider] = [InstrumentationProvider(telemetry)]
    if telemetry.tracer_provider is not None:
        tracer = telemetry.tracer_provider.get_tracer("service-base")
        providers.append(TracingProvider(tracer))
    return providers


def install_telemetry(app: FastAPI, telemetry: Telemetry) -> None:
    if not telemetry.enabled:
        return
    instrument_app(app, telemetry)
    if telemetry.metrics is not None:
        add_metrics_route(app, telemetry)
