"""Control characters (but tab and newline) are refused at the HTTP
boundary with a 422 naming the field, and a value the database refuses is
never answered as an outage (issue 14). Other routes' fields are checked
in their own test files."""

from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from app.application.exceptions import ValueNotStorableError
from app.presentation.http.errors.handlers import install_error_handlers
from app.presentation.http.request_id import RequestIdMiddleware
from tests.http.conftest import assert_problem


def assert_refused_field(response: Any, *loc: str) -> None:
    problem = assert_problem(response, 422, "validation_error")
    assert [error["loc"] for error in problem["errors"]] == [list(loc)], problem
    assert problem["errors"][0]["type"] == "control_characters"
    assert "control characters" in problem["errors"][0]["msg"]


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\r", "\x7f", "\x85"])
async def test_a_control_character_in_the_email_is_refused(
    client: AsyncClient, character: str
) -> None:
    response = await client.post(
        "/api/v1/auth/sign-up",
        json={"email": f"a{character}b@example.com", "password": "long-enough-pass"},
    )

    assert_refused_field(response, "body", "email")


async def test_a_nul_in_a_log_in_password_is_refused(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/log-in",
        json={"email": "a@example.com", "password": "pass\x00word"},
    )

    assert_refused_field(response, "body", "password")


async def test_tab_and_newline_are_text(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/sign-up",
        json={"email": "tab@example.com", "password": "words\twith\nbreaks"},
    )

    assert response.status_code == 201, response.text


async def test_a_value_the_database_refuses_answers_422_not_503() -> None:
    app = FastAPI()

    @app.get("/refused")
    async def refused() -> None:
        raise ValueNotStorableError

    install_error_handlers(app)
    app.add_middleware(RequestIdMiddleware)
    transport = ASGITransport(app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/refused")

    problem = assert_problem(response, 422, "validation_error")
    assert problem["errors"][0]["type"] == "value_not_storable"
    assert "retry-after" not in response.headers


async def test_json_too_deeply_nested_to_parse_is_a_422_like_any_bad_json(
    client: AsyncClient,
) -> None:
    for body in (b"[" * 100_000, b'{"email": '):
        response = await client.post(
            "/api/v1/auth/sign-up",
            content=body,
            headers={"Content-Type": "application/json"},
        )

        problem = assert_problem(response, 422, "validation_error")
        assert problem["errors"][0]["loc"][0] == "body"
