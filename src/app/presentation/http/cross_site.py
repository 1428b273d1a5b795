"""Cross-site request forgery protection for requests that change something.

A browser attaches the session cookie to requests that another site makes it
send (a form posted from evil.example to log-out, say). Such requests are
refused with a 403 problem (``cross_site_request``) by the standard headers
browsers set, as OWASP's "verify origin with standard headers" advises, and
in the way of Go's http.CrossOriginProtection:

- GET, HEAD and OPTIONS change nothing and are never checked.
- A request with an ``Authorization`` header and no session cookie passes: a
  browser never adds that header on its own, so a script that holds the
  token made it (and CORS governs scripts).
- ``Sec-Fetch-Site`` (every current browser sends it): ``same-origin`` and
  ``none`` (typed by the user) pass; ``same-site`` and ``cross-site`` pass
  only from an origin in ALLOWED_ORIGINS.
- Without it, ``Origin``: absent passes (not a browser, or an old browser's
  same-origin request: curl and API clients send neither header); one whose
  host is the request's ``Host`` passes (same origin); one in
  ALLOWED_ORIGINS passes; any other (``null`` included) is refused.

Anonymous requests are checked too, so another site cannot log a visitor in
to an account of its choosing (log-in CSRF). SameSite=Lax on the cookie
remains a second line.
"""

from collections.abc import Collection
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from app.presentation.http.errors.problem_details import problem, problem_response

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_SAME_ORIGIN_FETCHES = frozenset({"same-origin", "none"})


class CrossSiteProtectionMiddleware:
    def __init__(
        self, app: ASGIApp, *, allowed_origins: Collection[str], session_cookie: str
    ) -> None:
        self._app = app
        self._allowed_origins = frozenset(allowed_origins)
        self._session_cookie = session_cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self._app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if self._is_token_only(headers) or self._is_same_site(headers):
            await self._app(scope, receive, send)
            return
        body = problem(
            403,
            "cross_site_request",
            "Another site may not send requests that change anything here.",
        )
        await problem_response(body)(scope, receive, send)

    def _is_token_only(self, headers: Headers) -> bool:
        cookies = cookie_parser(headers.get("cookie", ""))
        return "authorization" in headers and self._session_cookie not in cookies

    def _is_same_site(self, headers: Headers) -> bool:
        origin = headers.get("origin")
        if origin in self._allowed_origins:
            return True
        fetch_site = headers.get("sec-fetch-site")
        if fetch_site is not None:
            return fetch_site in _SAME_ORIGIN_FETCHES
        # Host, not scheme: http->https from the same host passes, as in Go's
        # implementation; HSTS closes that gap, and such browsers are old.
        return origin is None or urlsplit(origin).netloc == headers.get("host")
