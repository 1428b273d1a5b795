"""HttpPaymentGateway's Config for tests against a server on loopback."""

from app.infrastructure.http.http_payment_gateway import HttpPaymentGatewayConfig
from app.infrastructure.http.json_api import JsonApiConfig


def http_gateway_config(
    base_url: str,
    *,
    api_key: str | None = None,
    timeout_seconds: float = 2.0,
    max_attempts: int = 3,
) -> HttpPaymentGatewayConfig:
    """As the settings build it (service and setting names), with
    millisecond backoffs so that retries cost a test little."""
    return HttpPaymentGatewayConfig(
        api=JsonApiConfig(
            service="Payment Gateway",
            base_url=base_url,
            base_url_setting="PAYMENT_GATEWAY_BASE_URL",
            timeout_seconds=timeout_seconds,
            max_attempts=max_attempts,
            backoff_seconds=0.001,
            max_backoff_seconds=0.01,
        ),
        api_key=api_key,
    )
