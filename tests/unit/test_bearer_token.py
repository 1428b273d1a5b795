"""BearerTokenTransport: the token of `Authorization: Bearer <token>`."""

import pytest

from app.application.exceptions import AuthenticationError
from app.infrastructure.auth.bearer_token import BearerTokenTransport
from app.infrastructure.auth.session_tokens import new_token
from tests.integration.fake_requests import request_with_authorization


def read(authorization: str | None) -> str | None:
    return BearerTokenTransport(request_with_authorization(authorization)).read_token()


def test_no_header_is_no_token() -> None:
    assert read(None) is None


@pytest.mark.parametrize(
    "template",
    ["Bearer {}", "bearer {}", "BEARER {}", "Bearer   {}  ", "  Bearer {}"],
)
def test_the_token_is_read_whatever_the_scheme_case_and_spacing(
    template: str,
) -> None:
    token = new_token()

    assert read(template.format(token)) == token


def test_every_base64_token_character_is_accepted() -> None:
    token = "aZ09-._~+/abc=="

    assert read(f"Bearer {token}") == token


@pytest.mark.parametrize(
    "authorization",
    ["Basic YWxpY2U6c2VjcmV0", "Token abc", "garbage", "", "Bearerabc"],
)
def test_another_scheme_is_refused_without_repeating_the_header(
    authorization: str,
) -> None:
    with pytest.raises(AuthenticationError) as raised:
        read(authorization)

    message = str(raised.value)
    assert message == (
        "The Authorization header must use the Bearer scheme: "
        "'Authorization: Bearer <token>'."
    )


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer",
        "Bearer ",
        "Bearer two tokens",
        "Bearer not,a;token",
        "Bearer =abc",
        "Bearer " + "a" * 513,
    ],
)
def test_a_malformed_token_is_refused(authorization: str) -> None:
    with pytest.raises(AuthenticationError, match="bearer token is malformed"):
        read(authorization)
