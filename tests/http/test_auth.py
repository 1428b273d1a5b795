from datetime import datetime, timedelta

import pytest
from httpx import AsyncClient
from sqlalchemy import update

from app.infrastructure.auth.session_tokens import utc_now
from app.infrastructure.persistence.database import DatabaseConfig, create_engine
from app.infrastructure.persistence.models.auth_session import AuthSessionModel
from setup.config import Settings
from tests.http.conftest import ClientFactory, assert_problem, log_in, sign_up

ME = "/api/v1/users/me"


async def test_sign_up_log_in_and_see_yourself(
    client: AsyncClient, settings: Settings
) -> None:
    user_id = await sign_up(client, "Alice@Example.com", "correct-horse")

    response = await client.post(
        "/api/v1/auth/log-in",
        json={"email": "alice@example.com", "password": "correct-horse"},
    )

    assert response.status_code == 204
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{settings.session_cookie_name}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # the test settings turn Secure off
    me = await client.get(ME)
    assert me.status_code == 200
    assert me.json() == {
        "id": user_id,
        "email": "alice@example.com",
        "role": "user",
        "is_active": True,
    }


async def test_signing_up_twice_with_one_email_is_a_conflict(
    client: AsyncClient,
) -> None:
    await sign_up(client, "bob@example.com", "password-1")

    response = await client.post(
        "/api/v1/auth/sign-up",
        json={"email": "BOB@example.com", "password": "password-2"},
    )

    assert_problem(response, 409, "email_already_registered")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "password": "long-enough"}, "email"),
        ({"email": "a@example.com", "password": "short"}, "password"),
        ({"email": "a@example.com"}, "password"),
        ({"email": "a@example.com", "password": "x" * 200}, "password"),
        (
            {"email": "a@example.com", "password": "long-enough", "role": "admin"},
            "role",
        ),
    ],
)
async def test_bad_sign_up_names_the_field(
    client: AsyncClient, body: dict[str, str], field: str
) -> None:
    response = await client.post("/api/v1/auth/sign-up", json=body)

    problem = assert_problem(response, 422, "validation_error")
    assert any(error["loc"][-1] == field for error in problem["errors"]), problem


async def test_wrong_password_and_unknown_email_answer_alike(
    client: AsyncClient,
) -> None:
    await sign_up(client, "carol@example.com", "right-password")

    wrong = await client.post(
        "/api/v1/auth/log-in",
        json={"email": "carol@example.com", "password": "wrong-password"},
    )
    unknown = await client.post(
        "/api/v1/auth/log-in",
        json={"email": "nobody@example.com", "password": "whatever-123"},
    )

    assert_problem(wrong, 401, "invalid_credentials")
    assert_problem(unknown, 401, "invalid_credentials")
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert "set-cookie" not in wrong.headers


async def test_without_a_session_you_are_anonymous(client: AsyncClient) -> None:
    assert_problem(await client.get(ME), 401, "not_authenticated")
    assert_problem(await client.post("/api/v1/auth/log-out"), 401, "not_authenticated")


async def test_a_forged_cookie_is_rejected(
    client: AsyncClient, settings: Settings
) -> None:
    client.cookies.set(settings.session_cookie_name, "made-up-token")

    assert_problem(await client.get(ME), 401, "not_authenticated")


async def test_log_out_ends_the_session_and_clears_the_cookie(
    user: AsyncClient, settings: Settings
) -> None:
    token = user.cookies[settings.session_cookie_name]

    response = await user.post("/api/v1/auth/log-out")

    assert response.status_code == 204
    assert "Max-Age=0" in response.headers["set-cookie"]
    assert_problem(await user.get(ME), 401, "not_authenticated")
    # The old token is dead on the server, not just forgotten by the client.
    user.cookies.set(settings.session_cookie_name, token)
    assert_problem(await user.get(ME), 401, "not_authenticated")


async def test_changing_the_password_ends_other_sessions(
    new_client: ClientFactory,
) -> None:
    laptop, phone = new_client(), new_client()
    await sign_up(laptop, "dave@example.com", "old-password")
    await log_in(laptop, "dave@example.com", "old-password")
    await log_in(phone, "dave@example.com", "old-password")

    response = await laptop.put(
        "/api/v1/auth/password",
        json={"current_password": "old-password", "new_password": "new-password"},
    )

    assert response.status_code == 204
    assert (await laptop.get(ME)).status_code == 200
    assert_problem(await phone.get(ME), 401, "not_authenticated")
    refused = await phone.post(
        "/api/v1/auth/log-in",
        json={"email": "dave@example.com", "password": "old-password"},
    )
    assert_problem(refused, 401, "invalid_credentials")
    await log_in(phone, "dave@example.com", "new-password")


async def test_changing_the_password_needs_the_current_one(user: AsyncClient) -> None:
    response = await user.put(
        "/api/v1/auth/password",
        json={"current_password": "not-my-password", "new_password": "new-password"},
    )

    assert_problem(response, 401, "invalid_credentials")
    assert (await user.get(ME)).status_code == 200


async def test_an_expired_session_is_refused(
    user: AsyncClient, database_url: str
) -> None:
    await _set_session_expiry(database_url, utc_now() - timedelta(seconds=1))

    assert_problem(await user.get(ME), 401, "not_authenticated")


async def test_a_session_in_use_is_extended(
    user: AsyncClient, database_url: str, settings: Settings
) -> None:
    # Pretend the session is nearly spent: far more than refresh_after has passed.
    nearly_spent = utc_now() + timedelta(minutes=5)
    await _set_session_expiry(database_url, nearly_spent)

    response = await user.get(ME)

    assert response.status_code == 200
    assert response.headers["set-cookie"].startswith(f"{settings.session_cookie_name}=")
    assert (await user.get(ME)).status_code == 200


async def test_a_fresh_session_is_not_rewritten_on_every_request(
    user: AsyncClient,
) -> None:
    response = await user.get(ME)

    assert response.status_code == 200
    assert "set-cookie" not in response.headers


async def _set_session_expiry(database_url: str, expires_at: datetime) -> None:
    engine = create_engine(DatabaseConfig(url=database_url))
    try:
        async with engine.begin() as connection:
            await connection.execute(
                update(AuthSessionModel).values(expires_at=expires_at)
            )
    finally:
        await engine.dispose()
