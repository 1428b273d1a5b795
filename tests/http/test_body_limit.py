"""MAX_REQUEST_BODY_BYTES: request bodies are limited while they stream in,
before anything parses them, and refused with a 413 problem (issue 14)."""

import json
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI, Request
from httpx import ASGITransport, AsyncClient

from app.presentation.http.body_limit import BodySizeLimitMiddleware
from app.presentation.http.errors.handlers import install_error_handlers
from app.presentation.http.request_id import RequestIdMiddleware
from setup.config import Settings
from tests.http.conftest import assert_problem

LIMIT = 4096
SIGN_UP = "/api/v1/auth/sign-up"
CODE = "request_body_too_large"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_request_body_bytes": LIMIT})


def sign_up_body(padding: int) -> bytes:
    """A sign-up whose JSON is padded with spaces to ``padding`` more bytes."""
    body = {"email": "big@example.com", "password": "long-enough-pass"}
    return json.dumps(body).encode() + b" " * padding


async def test_a_body_declared_too_large_is_refused_before_it_is_read(
    client: AsyncClient,
) -> None:
    response = await client.post(
        SIGN_UP,
        content=sign_up_body(LIMIT),
        headers={"Content-Type": "application/json"},
    )

    problem = assert_problem(response, 413, CODE)
    assert str(LIMIT) in problem["detail"]
    # Nothing was parsed, so nobody signed up.
    again = await client.post(
        SIGN_UP, content=sign_up_body(0), headers={"Content-Type": "application/json"}
    )
    assert again.status_code == 201, again.text


async def test_a_streamed_body_is_read_only_up_to_the_limit(
    client: AsyncClient,
) -> None:
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:
        # No Content-Length: sent chunked, 1 MiB in all if read to the end.
        nonlocal sent
        for chunk in [
            b'{"email": "big@example.com", "password": "',
            *[b"x" * 1024] * 1024,
        ]:
            sent += len(chunk)
            yield chunk

    response = await client.post(
        SIGN_UP, content=chunks(), headers={"Content-Type": "application/json"}
    )

    assert_problem(response, 413, CODE)
    assert sent <= LIMIT + 2 * 1024


async def test_a_body_within_the_limit_is_served(client: AsyncClient) -> None:
    body = sign_up_body(LIMIT - len(sign_up_body(0)))
    assert len(body) == LIMIT

    response = await client.post(
        SIGN_UP, content=body, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 201, response.text


async def test_a_route_reading_its_body_as_a_stream_is_limited_too() -> None:
    app = FastAPI()

    @app.post("/upload", status_code=204)
    async def upload(request: Request) -> None:
        async for _ in request.stream():
            pass

    install_error_handlers(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=10)
    app.add_middleware(RequestIdMiddleware)
    transport = ASGITransport(app)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        small = await client.post("/upload", content=b"0123456789")
        large = await client.post("/upload", content=b"0123456789!")

    assert small.status_code == 204
    assert_problem(large, 413, CODE)
