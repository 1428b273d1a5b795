"""Traces and metrics with OpenTelemetry, both off by default.

OTEL_TRACES_EXPORTER names the exporters of traces (otlp, console), which
the standard OTEL_EXPORTER_OTLP_* variables configure; METRICS_ENABLED=true
serves GET /metrics in Prometheus' text format. When both are off, nothing
here runs: no middleware, no decorator, no instrumented driver.
"""
