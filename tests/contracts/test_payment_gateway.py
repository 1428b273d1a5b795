"""Contract of PaymentGateway.

These implementations behave the same:

- LocalPaymentGateway, the in-process default;
- HttpPaymentGateway, against a payment provider on loopback
  (tests/support/stub_payment_provider.py) that keeps charges by
  Idempotency-Key as a real one does.

Each test counts the charges the implementation took: the provider's for
the HTTP gateway, the local gateway's own receipts otherwise.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx
import pytest

from app.application.ports.payment_gateway import PaymentGateway, PaymentReceipt
from app.infrastructure.adapters.local_payment_gateway import LocalPaymentGateway
from app.infrastructure.exceptions import ExternalServiceRejectedError
from app.infrastructure.http.http_payment_gateway import HttpPaymentGateway
from tests.support.payment_gateway import http_gateway_config
from tests.support.stub_payment_provider import StubPaymentProvider


@dataclass
class Gateway:
    gateway: PaymentGateway
    # How many charges the gateway has taken so far.
    charges_taken: Callable[[], int]


@pytest.fixture(params=["local", "http"])
async def subject(request: pytest.FixtureRequest) -> AsyncIterator[Gateway]:
    if request.param == "local":
        local = LocalPaymentGateway()
        yield Gateway(local, lambda: len(local.receipts))
        return
    with StubPaymentProvider() as provider:
        config = http_gateway_config(provider.url, api_key=provider.api_key)
        async with httpx.AsyncClient() as http:
            yield Gateway(
                HttpPaymentGateway(http, config), lambda: len(provider.charges)
            )


async def charge(
    subject: Gateway,
    key: str = "order-1",
    amount_cents: int = 1250,
    currency: str = "EUR",
    reference: str = "order 1",
) -> PaymentReceipt:
    return await subject.gateway.charge(
        idempotency_key=key,
        amount_cents=amount_cents,
        currency=currency,
        reference=reference,
    )


async def test_a_charge_is_taken_and_its_receipt_returned(subject: Gateway) -> None:
    receipt = await charge(subject)

    assert (receipt.amount_cents, receipt.currency) == (1250, "EUR")
    assert receipt.charge_id
    assert subject.charges_taken() == 1


async def test_the_same_key_again_returns_the_same_receipt_and_takes_nothing(
    subject: Gateway,
) -> None:
    first = await charge(subject)

    again = await charge(subject)

    assert again == first
    assert subject.charges_taken() == 1


async def test_charges_with_one_key_at_once_take_one_charge(subject: Gateway) -> None:
    receipts = await asyncio.gather(*(charge(subject) for _ in range(5)))

    assert len(set(receipts)) == 1
    assert subject.charges_taken() == 1


async def test_each_key_takes_its_own_charge(subject: Gateway) -> None:
    first = await charge(subject, key="order-1")
    second = await charge(subject, key="order-2")

    assert first.charge_id != second.charge_id
    assert subject.charges_taken() == 2


@pytest.mark.parametrize(
    ("amount_cents", "currency", "reference"),
    [(999, "EUR", "order 1"), (1250, "USD", "order 1"), (1250, "EUR", "order 2")],
    ids=["amount", "currency", "reference"],
)
async def test_a_key_reused_for_another_charge_is_rejected(
    subject: Gateway, amount_cents: int, currency: str, reference: str
) -> None:
    first = await charge(subject)

    with pytest.raises(ExternalServiceRejectedError) as raised:
        await charge(
            subject, amount_cents=amount_cents, currency=currency, reference=reference
        )

    assert raised.value.status == 409
    assert subject.charges_taken() == 1
    assert await charge(subject) == first


@pytest.mark.parametrize("amount_cents", [0, -100])
async def test_an_amount_below_one_cent_is_rejected(
    subject: Gateway, amount_cents: int
) -> None:
    with pytest.raises(ExternalServiceRejectedError) as raised:
        await charge(subject, amount_cents=amount_cents)

    assert raised.value.status == 422
    assert subject.charges_taken() == 0


async def test_find_charge_returns_the_receipt_of_the_charge_taken(
    subject: Gateway,
) -> None:
    taken = await charge(subject, key="order-1")
    await charge(subject, key="order-2")

    assert await subject.gateway.find_charge("order-1") == taken
    assert subject.charges_taken() == 2


async def test_find_charge_of_a_key_never_charged_is_none_and_charges_nothing(
    subject: Gateway,
) -> None:
    assert await subject.gateway.find_charge("order-1") is None

    assert subject.charges_taken() == 0
    assert (await charge(subject, key="order-1")).charge_id


async def test_find_charge_of_a_refused_charge_is_none(subject: Gateway) -> None:
    with pytest.raises(ExternalServiceRejectedError):
        await charge(subject, amount_cents=0)

    assert await subject.gateway.find_charge("order-1") is None
