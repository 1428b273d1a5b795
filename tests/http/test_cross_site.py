"""Cross-site requests that would change something are refused (issue 14):
Origin and Sec-Fetch-Site against the service's own origin and
ALLOWED_ORIGINS; bearer-token clients and non-browser clients unaffected."""

import pytest
from httpx import AsyncClient

from setup.config import Settings
from tests.http.conftest import ADMIN_EMAIL, assert_problem, sign_up

ALLOWED = "https://app.example"
EVIL = "https://evil.example"
LOG_OUT = "/api/v1/auth/log-out"
ME = "/api/v1/users/me"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"allowed_origins": [ALLOWED]})


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://other.app.example"},
        # The browser's word wins over an Origin that looks like our host.
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://test"},
    ],
)
async def test_a_cross_site_log_out_is_refused_and_the_session_stays(
    user: AsyncClient, headers: dict[str, str]
) -> None:
    response = await user.post(LOG_OUT, headers=headers)

    assert_problem(response, 403, "cross_site_request")
    assert (await user.get(ME)).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, API clients: no browser headers at all
        {"Origin": "http://test"},  # same origin, an older browser
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://test"},
        {"Sec-Fetch-Site": "none"},  # typed or bookmarked by the user
        {"Sec-Fetch-Site": "cross-site", "Origin": ALLOWED},
        {"Origin": ALLOWED},
    ],
)
async def test_same_origin_allowed_and_non_browser_requests_pass(
    user: AsyncClient, headers: dict[str, str]
) -> None:
    response = await user.post(LOG_OUT, headers=headers)

    assert response.status_code == 204, response.text
    assert (await user.get(ME)).status_code == 401


async def test_a_cross_site_deactivation_by_an_admin_is_refused(
    admin: AsyncClient, client: AsyncClient
) -> None:
    user_id = await sign_up(client, "victim@example.com", "victim-password")

    response = await admin.post(
        f"/api/v1/users/{user_id}/deactivate", headers={"Origin": EVIL}
    )

    assert_problem(response, 403, "cross_site_request")
    users = (await admin.get("/api/v1/users")).json()["items"]
    assert {u["email"]: u["is_active"] for u in users}["victim@example.com"]


async def test_another_site_cannot_log_a_visitor_in(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/log-in",
        json={"email": ADMIN_EMAIL, "password": "admin-password"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )

    assert_problem(response, 403, "cross_site_request")
    assert "set-cookie" not in response.headers


async def test_a_bearer_token_without_the_cookie_is_not_checked(
    client: AsyncClient,
) -> None:
    # The cookie adapters are bound, so the token is not accepted: the
    # request reaches the route and is answered 401, not refused as forged.
    response = await client.post(
        LOG_OUT, headers={"Authorization": "Bearer abc", "Origin": EVIL}
    )

    assert_problem(response, 401, "not_authenticated")


async def test_a_bearer_token_beside_the_cookie_is_checked(user: AsyncClient) -> None:
    response = await user.post(
        LOG_OUT, headers={"Authorization": "Bearer abc", "Origin": EVIL}
    )

    assert_problem(response, 403, "cross_site_request")


async def test_reading_is_never_refused(user: AsyncClient) -> None:
    response = await user.get(ME, headers={"Origin": EVIL})

    assert response.status_code == 200


def test_allowed_origins_are_read_comma_separated() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        allowed_origins="https://a.example, http://b.example:8080",  # type: ignore[arg-type]
    )

    assert settings.allowed_origins == ["https://a.example", "http://b.example:8080"]


@pytest.mark.parametrize(
    "origin", ["https://a.example/", "a.example", "https://a.example/app", "ftp://a"]
)
def test_an_allowed_origin_must_be_an_origin(origin: str) -> None:
    with pytest.raises(ValueError, match="is not an origin"):
        Settings(_env_file=None, allowed_origins=[origin])  # type: ignore[call-arg]
