"""Where telemetry attaches: the container, the app, the process.

The libraries' instrumentations are imported only when telemetry is on:
they take a tenth of the app's import time, which every process importing
the app would otherwise pay with telemetry off (the default)."""

from dishka import Provider
from fastapi import FastAPI

from setup.telemetry.sdk import Telemetry


def telemetry_providers(telemetry: Telemetry) -> list[Provider]:
    """Decorators for the container: none while telemetry is off."""
    if not telemetry.enabled:
        return []
    from setup.telemetry.instruments import InstrumentationProvider, instrument_process
    from setup.telemetry.tracing import TracingProvider

    instrument_process(telemetry)
    providers: list[Provider] = [InstrumentationProvider(telemetry)]
    if telemetry.tracer_provider is not None:
        tracer = telemetry.tracer_provider.get_tracer("service-base")
        providers.append(TracingProvider(tracer))
    return providers


def install_telemetry(app: FastAPI, telemetry: Telemetry) -> None:
    if not telemetry.enabled:
        return
    from setup.telemetry.instruments import instrument_app
    from setup.telemetry.metrics import add_metrics_route

    instrument_app(app, telemetry)
    if telemetry.metrics is not None:
        add_metrics_route(app, telemetry)
