"""HttpPaymentGateway reading the provider's answer to a charge, scripted
answer by answer on the loopback server: a receipt from a succeeded charge,
an error naming what is wrong with any other answer."""

from collections.abc import AsyncIterator

import httpx
import pytest

from app.application.ports.payment_gateway import PaymentReceipt
from app.infrastructure.exceptions import (
    ExternalServiceError,
    ExternalServiceRejectedError,
)
from app.infrastructure.http.http_payment_gateway import HttpPaymentGateway
from tests.support.payment_gateway import http_gateway_config
from tests.support.stub_http_server import StubHttpServer

SUCCEEDED = {
    "id": "ch_1",
    "status": "succeeded",
    "amount_cents": 1250,
    "currency": "EUR",
}


@pytest.fixture
async def gateway(stub_server: StubHttpServer) -> AsyncIterator[HttpPaymentGateway]:
    config = http_gateway_config(stub_server.url, max_attempts=1)
    async with httpx.AsyncClient() as http:
        yield HttpPaymentGateway(http, config)


async def charge(gateway: HttpPaymentGateway) -> PaymentReceipt:
    return await gateway.charge(
        idempotency_key="order-1", amount_cents=1250, currency="EUR", reference="o-1"
    )


async def test_a_succeeded_charge_is_a_receipt(
    gateway: HttpPaymentGateway, stub_server: StubHttpServer
) -> None:
    stub_server.enqueue(201, json={**SUCCEEDED, "created": 1700000000})

    assert await charge(gateway) == PaymentReceipt(
        charge_id="ch_1", amount_cents=1250, currency="EUR"
    )


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        pytest.param({k: v for k, v in SUCCEEDED.items() if k != "id"}, "id"),
        pytest.param({**SUCCEEDED, "id": ""}, "id", id="empty-id"),
        pytest.param({**SUCCEEDED, "amount_cents": "1250"}, "amount_cents"),
        pytest.param({**SUCCEEDED, "amount_cents": True}, "amount_cents", id="bool"),
        pytest.param({**SUCCEEDED, "currency": None}, "currency"),
        pytest.param({**SUCCEEDED, "status": 1}, "status"),
    ],
)
async def test_a_field_missing_or_of_another_type_is_named(
    gateway: HttpPaymentGateway,
    stub_server: StubHttpServer,
    answer: dict[str, object],
    field: str,
) -> None:
    stub_server.enqueue(200, json=answer)

    with pytest.raises(ExternalServiceError) as raised:
        await charge(gateway)

    assert type(raised.value) is ExternalServiceError
    assert f"Payment Gateway answered a charge without a usable '{field}'" in str(
        raised.value
    )


@pytest.mark.parametrize("status", ["failed", "pending", "requires_action"])
async def test_a_charge_not_succeeded_is_rejected_as_declined(
    gateway: HttpPaymentGateway, stub_server: StubHttpServer, status: str
) -> None:
    stub_server.enqueue(200, json={**SUCCEEDED, "status": status})

    with pytest.raises(ExternalServiceRejectedError) as raised:
        await charge(gateway)

    assert raised.value.status == 402
    assert repr(status) in str(raised.value)


@pytest.mark.parametrize(
    "changes", [{"amount_cents": 125}, {"currency": "USD"}], ids=["amount", "currency"]
)
async def test_a_charge_of_another_amount_is_not_taken_for_this_one(
    gateway: HttpPaymentGateway,
    stub_server: StubHttpServer,
    changes: dict[str, object],
) -> None:
    stub_server.enqueue(200, json={**SUCCEEDED, **changes})

    with pytest.raises(ExternalServiceError) as raised:
        await charge(gateway)

    assert "to one of 1250 EUR" in str(raised.value)


async def test_an_answer_that_is_not_an_object_is_unusable(
    gateway: HttpPaymentGateway, stub_server: StubHttpServer
) -> None:
    stub_server.enqueue(200, json=[SUCCEEDED])

    with pytest.raises(ExternalServiceError, match="where an object was expected"):
        await charge(gateway)


# find_charge: GET /charges?idempotency_key=..., a JSON array of charges


async def test_find_charge_asks_by_the_key_and_reads_a_succeeded_charge(
    gateway: HttpPaymentGateway, stub_server: StubHttpServer
) -> None:
    stub_server.enqueue(200, json=[SUCCEEDED])

    found = await gateway.find_charge("order-1")

    assert found == PaymentReceipt(charge_id="ch_1", amount_cents=1250, currency="EUR")
    [request] = stub_server.requests
    assert (request.method, request.path) == ("GET", "/charges")
    assert request.query == {"idempotency_key": "order-1"}


@pytest.mark.parametrize(
    "answer",
    [[], [{**SUCCEEDED, "status": "failed"}], [{**SUCCEEDED, "status": "canceled"}]],
    ids=["none", "failed", "canceled"],
)
async def test_find_charge_without_a_charge_taken_is_none(
    gateway: HttpPaymentGateway, stub_server: StubHttpServer, answer: list[object]
) -> None:
    stub_server.enqueue(200, json=answer)

    assert await gateway.find_charge("order-1") is None


@pytest.mark.parametrize(
    "answer",
    [[{**SUCCEEDED, "status": "pending"}], {"charges": []}, ["ch_1"]],
    ids=["pending", "object", "not-a-charge"],
)
async def test_find_charge_that_cannot_tell_is_an_error(
    gateway: HttpPaymentGateway, stub_server: StubHttpServer, answer: object
) -> None:
    stub_server.enqueue(200, json=answer)

    with pytest.raises(ExternalServiceError) as raised:
        await gateway.find_charge("order-1")

    assert type(raised.value) is ExternalServiceError
