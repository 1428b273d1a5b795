"""Passwords chosen over HTTP follow NIST SP 800-63B (the domain's NewPassword)."""

import pytest
from httpx import AsyncClient

from tests.http.conftest import assert_problem, log_in, sign_up


@pytest.mark.parametrize("password", ["password", "12345678", "\x00" * 8])
async def test_sign_up_refuses_a_common_or_control_character_password(
    client: AsyncClient, password: str
) -> None:
    response = await client.post(
        "/api/v1/auth/sign-up", json={"email": "a@example.com", "password": password}
    )

    problem = assert_problem(response, 422, "validation_error")
    assert [error["loc"][-1] for error in problem["errors"]] == ["password"]


async def test_a_password_change_refuses_a_common_password(
    client: AsyncClient,
) -> None:
    await sign_up(client, "dave@example.com", "dave-first-password")
    await log_in(client, "dave@example.com", "dave-first-password")

    response = await client.put(
        "/api/v1/auth/password",
        json={"current_password": "dave-first-password", "new_password": "iloveyou"},
    )

    problem = assert_problem(response, 422, "validation_error")
    assert "commonly used" in problem["detail"]
