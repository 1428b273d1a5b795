"""JsonApiClient against a real HTTP server on loopback, scripted per test.

Timeouts and backoffs are milliseconds so that retries cost little; the
server records every request, so each test checks what went over the wire.
"""

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest

from app.infrastructure.exceptions import (
    ExternalServiceError,
    ExternalServiceNotConfiguredError,
    ExternalServiceRejectedError,
    ExternalServiceTimeoutError,
)
from app.infrastructure.http.json_api import (
    JsonApiClient,
    JsonApiConfig,
    expect_list,
    expect_object,
)
from tests.support.polling import eventually
from tests.support.stub_http_server import StubHttpServer

# Nothing listens on port 1: connecting is refused at once.
UNREACHABLE_URL = "http://127.0.0.1:1"


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
def config(stub_server: StubHttpServer) -> JsonApiConfig:
    return JsonApiConfig(
        service="Stripe",
        base_url=f"{stub_server.url}/v1",
        base_url_setting="STRIPE_BASE_URL",
        timeout_seconds=1.0,
        max_attempts=3,
        backoff_seconds=0.001,
        max_backoff_seconds=0.01,
    )


@pytest.fixture
def api(http: httpx.AsyncClient, config: JsonApiConfig) -> JsonApiClient:
    return JsonApiClient(http, config)


async def test_a_post_sends_json_and_returns_the_parsed_answer(
    api: JsonApiClient, stub_server: StubHttpServer
) -> None:
    stub_server.enqueue(201, json={"id": "tk_1", "amount_cents": 500})

    answer = await api.post("/tickets", {"amount_cents": 500, "tags": ["a"]})

    assert answer == {"id": "tk_1", "amount_cents": 500}
    [request] = stub_server.requests
    assert (request.method, request.path) == ("POST", "/v1/tickets")
    assert request.json == {"amount_cents": 500, "tags": ["a"]}
    assert request.headers["content-type"] == "application/json"
    assert request.headers["idempotency-key"]


async def test_a_503_is_retried_with_the_same_idempotency_key(
    api: JsonApiClient, stub_server: StubHttpServer
) -> None:
    stub_server.enqueue(503, json={"error": "busy"})
    stub_server.enqueue(200, json={"id": "tk_1"})

    answer = await api.post("/tickets", {"amount_cents": 500})

    assert answer == {"id": "tk_1"}
    first, second = stub_server.requests
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
    assert first.json == second.json == {"amount_cents": 500}


async def test_each_write_call_gets_its_own_idempotency_key(
    api: JsonApiClient, stub_server: StubHttpServer
) -> None:
    await api.post("/refunds", {})
    await api.put("/refunds/r_1", {})
    await api.patch("/refunds/r_1", {})
    await api.delete("/refunds/r_1")

    keys = [r.headers["idempotency-key"] for r in stub_server.requests]
    assert [r.method for r in stub_server.requests] == [
        "POST",
        "PUT",
        "PATCH",
        "DELETE",
    ]
    assert len(set(keys)) == 4


async def test_a_given_idempotency_key_is_sent_as_is(
    api: JsonApiClient, stub_server: StubHttpServer
) -> None:
    await api.post("/refunds", {"charge": "ch_1"}, idempotency_key="order-42-refund")

    assert stub_server.requests[0].headers["idempotency-key"] == "order-42-refund"


async def test_a_get_sends_its_params_and_no_idempotency_key(
    api: JsonApiClient, stub_server: StubHttpServer
) -> None:
    stub_server.enqueue(json=[{"id": "tk_1"}])

    answer = await api.get("/tickets", {"limit": 10, "expand": True})

    assert expect_list(answer) == [{"id": "tk_1"}]
    [request] = stub_server.requests
    assert (request.method, request.path) == ("GET", "/v1/tickets")
    assert request.query == {"limit": "10", "expand": "true"}
    assert "idempotency-key" not in request.headers
    assert "content-type" not in request.headers


async def test_a_204_answers_none(
    api: JsonApiClient, stub_server: StubHttpServer
) -> None:
    stub_server.enqueue(204)

    assert await api.delete("/tickets/pi_1") is None


async def test_503_on_every_attempt_raises_external_service_error(
    api: JsonApiClient, stub_server: StubHttpServer
) -> None:
    for _ in range(3):
        stub_server.enqueue(503)

    with pytest.raises(ExternalServiceError) as caught:
        await api.post("/tickets", {})

    assert type(caught.value) is ExternalServiceError
    assert caught.value.code == "external_service_unavailable"
    assert "HTTP 503" in str(caught.value)
    assert caught.value.__cause__ is not None
    assert len(stub_server.requests) == 3


async def test_an_answer_slower_than_the_timeout_raises_timeout_error(
    http: httpx.AsyncClient, config: JsonApiConfig, stub_server: StubHttpServer
) -> None:
    api = JsonApiClient(http, replace(config, timeout_seconds=0.05))
    for _ in range(3):
        stub_server.enqueue(json={"late": True}, delay=0.5)

    with pytest.raises(ExternalServiceTimeoutError) as caught:
        await api.get("/balance")

    assert caught.value.code == "external_service_timeout"
    assert isinstance(caught.value.__cause__, httpx.TimeoutException)
    # The client gives up on an attempt after 0.05 s: on a busy machine, the
    # server's thread may record that request later.
    await eventually(lambda: len(stub_server.requests) >= 3)
    assert len(stub_server.requests) == 3


async def test_an_unreachable_service_raises_external_service_error(
    http: httpx.AsyncClient, config: JsonApiConfig
) -> None:
    api = JsonApiClient(http, replace(config, base_url=UNREACHABLE_URL))

    with pytest.raises(ExternalServiceError) as caught:
        await api.get("/balance")

    assert isinstance(caught.value.__cause__, httpx.TransportError)


@pytest.mark.parametrize("status", [400, 404, 422])
async def test_a_client_error_is_rejected_at_once(
    api: JsonApiClient, stub_server: StubHttpServer, status: int
) -> None:
    stub_server.enqueue(status, json={"error": {"message": "card 4242 declined"}})

    with pytest.raises(ExternalServiceRejectedError) as caught:
        await api.post("/tickets", {})

    assert caught.value.status == status
    assert caught.value.code == "external_service_rejected"
    assert "4242" not in str(caught.value)
    assert len(stub_server.requests) == 1


async def test_a_429_is_retried_after_its_retry_after_capped(
    http: httpx.AsyncClient, config: JsonApiConfig, stub_server: StubHttpServer
) -> None:
    api = JsonApiClient(http, replace(config, max_backoff_seconds=0.2))
    stub_server.enqueue(429, headers={"Retry-After": "30"})
    stub_server.enqueue(json={"ok": True})

    assert await api.get("/balance") == {"ok": True}

    first, second = stub_server.requests
    waited = second.received_at - first.received_at
    # Far above the 1 ms backoff: Retry-After was honoured, up to the cap.
    assert 0.15 <= waited < 2


async def test_a_body_that_is_not_json_raises_external_service_error(
    api: JsonApiClient, stub_server: StubHttpServer
) -> None:
    stub_server.enqueue(200, body=b"<html>maintenance</html>")

    with pytest.raises(ExternalServiceError, match="not JSON") as caught:
        await api.get("/balance")

    assert type(caught.value) is ExternalServiceError
    assert len(stub_server.requests) == 1


async def test_no_base_url_raises_not_configured_before_any_request(
    http: httpx.AsyncClient, config: JsonApiConfig, stub_server: StubHttpServer
) -> None:
    api = JsonApiClient(http, replace(config, base_url=None))

    with pytest.raises(ExternalServiceNotConfiguredError) as caught:
        await api.post("/tickets", {})

    assert str(caught.value) == "STRIPE_BASE_URL is not set"
    assert caught.value.code == "external_service_not_configured"
    assert stub_server.requests == []


async def test_the_bearer_token_is_sent_and_kept_out_of_repr(
    http: httpx.AsyncClient, config: JsonApiConfig, stub_server: StubHttpServer
) -> None:
    config = replace(config, bearer_token="sk_test_secret")

    await JsonApiClient(http, config).get("/balance")

    assert stub_server.requests[0].headers["authorization"] == "Bearer sk_test_secret"
    assert "sk_test_secret" not in repr(config)


def test_expect_object_returns_an_object_and_refuses_anything_else() -> None:
    assert expect_object({"id": 1}) == {"id": 1}
    with pytest.raises(
        ExternalServiceError,
        match="Stripe answered with a JSON array where an object was expected",
    ):
        expect_object([{"id": 1}], service="Stripe")


def test_expect_list_refuses_an_object() -> None:
    with pytest.raises(ExternalServiceError, match="JSON object where an array"):
        expect_list({"data": []})
