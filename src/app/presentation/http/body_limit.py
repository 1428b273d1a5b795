"""A limit on the size of request bodies, enforced while they stream in.

Pure ASGI, before anything parses the body: the limit is checked each time
the app reads a chunk, so no request holds more than the limit in memory. A
declared Content-Length over the limit is refused before a byte is read; a
chunked body as soon as it passes the limit. The answer is a 413 problem
(``request_body_too_large``).

A route that streams a larger body and enforces its own limit as it reads
(a file upload, say) lifts this one for its request with
``lift_body_limit`` before reading.
"""

from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_STATE_KEY = "request_body_limit"


class RequestBodyTooLargeError(HTTPException):
    """Raised from the app's own reads, so an HTTPException: FastAPI, reading
    the body for a route, passes it on as it is (it answers other errors
    raised there with a 400), and the app-wide HTTPException handler answers
    it as a problem (errors/handlers.py), wherever the body is read."""

    code = "request_body_too_large"

    def __init__(self, max_bytes: int) -> None:
        super().__init__(
            413, detail=f"The request body is larger than {max_bytes} bytes."
        )


@dataclass(slots=True)
class _BodyLimit:
    max_bytes: int | None
    received: int = 0


def lift_body_limit(request: Request) -> None:
    """For a route that enforces its own limit while its body streams in."""
    limit = request.scope.get("state", {}).get(_STATE_KEY)
    if isinstance(limit, _BodyLimit):
        limit.max_bytes = None


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self._app = app
        self._max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        limit = _BodyLimit(self._max_bytes)
        scope.setdefault("state", {})[_STATE_KEY] = limit
        declared = _content_length(scope)

        async def limited_receive() -> Message:
            # Checked at each read, not on arrival: by the first read the
            # route is known, and it may have lifted the limit.
            if limit.max_bytes is not None and (declared or 0) > limit.max_bytes:
                raise RequestBodyTooLargeError(limit.max_bytes)
            message = await receive()
            if message["type"] == "http.request" and limit.max_bytes is not None:
                limit.received += len(message.get("body", b""))
                if limit.received > limit.max_bytes:
                    raise RequestBodyTooLargeError(limit.max_bytes)
            return message

        await self._app(scope, limited_receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None
