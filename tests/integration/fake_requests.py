"""Starlette requests built from an ASGI scope: with a session cookie, as
SessionCookieMiddleware prepares them, or with an Authorization header."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.requests import Request

from app.infrastructure.auth.session_cookie import (
    SessionCookieConfig,
    SessionCookieTransport,
    track_session_cookie,
)

COOKIE = SessionCookieConfig(name="session", secure=False)


@dataclass(frozen=True, slots=True)
class PendingCookie:
    """What the response would do with the session cookie."""

    token: str | None
    expires_at: datetime | None
    clear: bool


@dataclass(frozen=True, slots=True)
class FakeRequest:
    scope: dict[str, Any]
    transport: SessionCookieTransport

    @property
    def pending(self) -> PendingCookie:
        # The state SessionCookieMiddleware turns into a Set-Cookie header.
        (state,) = self.scope["state"].values()
        return PendingCookie(
            token=state.token, expires_at=state.expires_at, clear=state.clear
        )


def request_with_cookie(token: str | None) -> FakeRequest:
    """A GET request carrying ``token`` as its session cookie (None: no cookie)."""
    headers: list[tuple[bytes, bytes]] = [(b"user-agent", b"pytest")]
    if token is not None:
        cookie = f"theme=dark; {COOKIE.name}={token}"
        headers.append((b"cookie", cookie.encode("latin-1")))
    scope: dict[str, Any] = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "headers": headers,
        "state": {},
    }
    track_session_cookie(scope)
    transport = SessionCookieTransport(request=Request(scope), config=COOKIE)
    return FakeRequest(scope=scope, transport=transport)


def request_with_authorization(authorization: str | None) -> Request:
    """A GET request whose Authorization header is ``authorization`` as given
    (None: no header), e.g. ``f"Bearer {token}"``."""
    headers: list[tuple[bytes, bytes]] = [(b"user-agent", b"pytest")]
    if authorization is not None:
        headers.append((b"authorization", authorization.encode("latin-1")))
    scope: dict[str, Any] = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "headers": headers,
    }
    return Request(scope)
