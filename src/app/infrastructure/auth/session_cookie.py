"""The session cookie: read from the request, written onto the response.

Adapters decide *what* the cookie should become during the request;
SessionCookieMiddleware writes it onto the response, so neither the use
cases nor the controllers handle cookies.
"""

from dataclasses import dataclass, field
from datetime import datetime
from http.cookies import SimpleCookie
from typing import Literal

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_STATE_KEY = "session_cookie"


@dataclass(frozen=True, slots=True)
class SessionCookieConfig:
    name: str = "session"
    secure: bool = True
    same_site: Literal["lax", "strict", "none"] = "lax"
    path: str = "/"


@dataclass(slots=True)
class _PendingCookie:
    """What the response should do with the cookie; None leaves it alone."""

    token: str | None = None
    expires_at: datetime | None = None
    clear: bool = False


@dataclass(slots=True)
class SessionCookieTransport:
    """Request-scoped access to the session cookie."""

    request: Request
    config: SessionCookieConfig
    _pending: _PendingCookie = field(init=False)

    def __post_init__(self) -> None:
        pending = self.request.scope.get("state", {}).get(_STATE_KEY)
        if not isinstance(pending, _PendingCookie):
            raise RuntimeError("SessionCookieMiddleware is not installed")
        self._pending = pending

    def read_token(self) -> str | None:
        if self._pending.token is not None:
            return self._pending.token
        return (
            None if self._pending.clear else self.request.cookies.get(self.config.name)
        )

    def deliver(self, token: str, expires_at: datetime) -> None:
        self._pending.token = token
        self._pending.expires_at = expires_at
        self._pending.clear = False

    def clear(self) -> None:
        self._pending.token = None
        self._pending.expires_at = None
        self._pending.clear = True


def track_session_cookie(scope: Scope) -> None:
    """Prepares a request scope so the transport can record cookie changes."""
    scope.setdefault("state", {})[_STATE_KEY] = _PendingCookie()


class SessionCookieMiddleware:
    """Pure ASGI middleware writing the pending cookie onto the response."""

    def __init__(self, app: ASGIApp, config: SessionCookieConfig) -> None:
        self._app = app
        self._config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        track_session_cookie(scope)
        pending: _PendingCookie = scope["state"][_STATE_KEY]

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                header = self._set_cookie_header(pending)
                if header is not None:
                    message.setdefault("headers", [])
                    message["headers"] = [*message["headers"], header]
            await send(message)

        await self._app(scope, receive, send_with_cookie)

    def _set_cookie_header(self, pending: _PendingCookie) -> tuple[bytes, bytes] | None:
        if not pending.clear and pending.token is None:
            return None
        cookie: SimpleCookie = SimpleCookie()
        name = self._config.name
        cookie[name] = pending.token or ""
        morsel = cookie[name]
        morsel["path"] = self._config.path
        morsel["httponly"] = True
        morsel["samesite"] = self._config.same_site
        if self._config.secure:
            morsel["secure"] = True
        if pending.clear:
            morsel["max-age"] = 0
            morsel["expires"] = "Thu, 01 Jan 1970 00:00:00 GMT"
        elif pending.expires_at is not None:
            morsel["expires"] = pending.expires_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
        return b"set-cookie", morsel.OutputString().encode("latin-1")
