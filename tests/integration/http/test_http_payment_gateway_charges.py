"""HttpPaymentGateway against a payment provider on loopback
(tests/support/stub_payment_provider.py) that keeps charges by
Idempotency-Key, and fails, stalls and recovers when told: a charge is
taken once whatever happens on the way, and each failure ends as the
infrastructure error the HTTP layer maps.

The client waits TIMEOUT_SECONDS per attempt; a stall outlasts it.
"""

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace

import httpx
import pytest

from app.application.ports.payment_gateway import PaymentReceipt
from app.infrastructure.exceptions import (
    ExternalServiceNotConfiguredError,
    ExternalServiceRejectedError,
    ExternalServiceTimeoutError,
)
from app.infrastructure.http.http_payment_gateway import (
    HttpPaymentGateway,
    HttpPaymentGatewayConfig,
)
from tests.support.payment_gateway import http_gateway_config
from tests.support.stub_payment_provider import StubPaymentProvider

MAX_ATTEMPTS = 3
TIMEOUT_SECONDS = 0.3
STALL_SECONDS = 1.5
KEY = "order-7f3a"


@pytest.fixture
def provider() -> Iterator[StubPaymentProvider]:
    with StubPaymentProvider() as started:
        yield started


@pytest.fixture
def config(provider: StubPaymentProvider) -> HttpPaymentGatewayConfig:
    return http_gateway_config(
        provider.url,
        api_key=provider.api_key,
        timeout_seconds=TIMEOUT_SECONDS,
        max_attempts=MAX_ATTEMPTS,
    )


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
def gateway(
    http: httpx.AsyncClient, config: HttpPaymentGatewayConfig
) -> HttpPaymentGateway:
    return HttpPaymentGateway(http, config)


async def charge(gateway: HttpPaymentGateway) -> PaymentReceipt:
    return await gateway.charge(
        idempotency_key=KEY, amount_cents=4200, currency="EUR", reference="order 7"
    )


def keys_sent(provider: StubPaymentProvider) -> list[str | None]:
    return [request.headers.get("idempotency-key") for request in provider.requests]


async def test_a_charge_is_taken_and_its_receipt_returned(
    gateway: HttpPaymentGateway, provider: StubPaymentProvider
) -> None:
    receipt = await charge(gateway)

    [taken] = provider.charges
    assert receipt == PaymentReceipt(
        charge_id=taken.id, amount_cents=4200, currency="EUR"
    )
    assert (taken.idempotency_key, taken.reference) == (KEY, "order 7")
    [request] = provider.requests
    assert request.headers["authorization"] == f"Bearer {provider.api_key}"
    assert request.json == {
        "amount_cents": 4200,
        "currency": "EUR",
        "reference": "order 7",
    }


async def test_two_503s_then_a_success_take_one_charge(
    gateway: HttpPaymentGateway, provider: StubPaymentProvider
) -> None:
    provider.fail(times=2, status=503)

    receipt = await charge(gateway)

    [taken] = provider.charges
    assert receipt.charge_id == taken.id
    assert keys_sent(provider) == [KEY] * 3


async def test_a_provider_stalling_on_every_attempt_is_a_timeout(
    gateway: HttpPaymentGateway, provider: StubPaymentProvider
) -> None:
    provider.stall(STALL_SECONDS, times=MAX_ATTEMPTS)

    with pytest.raises(ExternalServiceTimeoutError):
        await charge(gateway)

    assert keys_sent(provider) == [KEY] * MAX_ATTEMPTS
    # Taken by the first attempt; the later ones found it by its key.
    assert len(provider.charges) == 1


async def test_calling_again_after_a_timeout_takes_no_second_charge(
    gateway: HttpPaymentGateway, provider: StubPaymentProvider
) -> None:
    provider.stall(STALL_SECONDS, times=MAX_ATTEMPTS)
    with pytest.raises(ExternalServiceTimeoutError):
        await charge(gateway)
    provider.recover()

    receipt = await charge(gateway)

    [taken] = provider.charges
    assert receipt.charge_id == taken.id
    assert keys_sent(provider) == [KEY] * (MAX_ATTEMPTS + 1)


async def test_a_retry_after_a_stalled_attempt_returns_that_attempts_charge(
    gateway: HttpPaymentGateway, provider: StubPaymentProvider
) -> None:
    provider.stall(STALL_SECONDS)

    receipt = await charge(gateway)

    [taken] = provider.charges
    assert receipt.charge_id == taken.id
    assert keys_sent(provider) == [KEY, KEY]


@pytest.mark.parametrize("status", [400, 401, 402, 422])
async def test_a_4xx_is_rejected_without_a_retry(
    gateway: HttpPaymentGateway, provider: StubPaymentProvider, status: int
) -> None:
    provider.fail(times=MAX_ATTEMPTS, status=status)

    with pytest.raises(ExternalServiceRejectedError) as raised:
        await charge(gateway)

    assert raised.value.status == status
    assert len(provider.requests) == 1
    assert provider.charges == []


async def test_a_wrong_api_key_is_rejected(
    http: httpx.AsyncClient,
    config: HttpPaymentGatewayConfig,
    provider: StubPaymentProvider,
) -> None:
    wrong_key = HttpPaymentGateway(http, replace(config, api_key="sk_test_wrong"))

    with pytest.raises(ExternalServiceRejectedError) as raised:
        await charge(wrong_key)

    assert raised.value.status == 401
    assert provider.charges == []


async def test_without_a_base_url_nothing_is_sent(
    http: httpx.AsyncClient,
    config: HttpPaymentGatewayConfig,
    provider: StubPaymentProvider,
) -> None:
    unconfigured = replace(config, api=replace(config.api, base_url=None))

    with pytest.raises(ExternalServiceNotConfiguredError) as raised:
        await charge(HttpPaymentGateway(http, unconfigured))

    assert raised.value.setting == "PAYMENT_GATEWAY_BASE_URL"
    assert provider.requests == []
