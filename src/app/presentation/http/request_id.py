"""A request id on every request: taken from X-Request-ID or made up, echoed back.

Error bodies and server logs carry the same id, so a client's report leads
straight to the logged cause.
"""

import random
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
_HEADER_NAME = REQUEST_ID_HEADER.lower().encode("latin-1")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@dataclass(frozen=True, slots=True)
class RequestInfo:
    """The request being served, for log lines written while it runs."""

    id: str
    scope: Scope
    # time.perf_counter() when the request came in.
    started: float

    @property
    def method(self) -> str | None:
        method = self.scope.get("method")
        return method if isinstance(method, str) else None

    @property
    def route(self) -> str | None:
        """The matched route's template (/api/v1/users/{user_id}/deactivate), once
        routed."""
        path = getattr(self.scope.get("route"), "path", None)
        return path if isinstance(path, str) else None


_request: ContextVar[RequestInfo | None] = ContextVar("request", default=None)


def current_request() -> RequestInfo | None:
    return _request.get()


def current_request_id() -> str | None:
    request = _request.get()
    return request.id if request is not None else None


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        # 32 random hex digits, as uuid4().hex but without building a UUID
        # or asking the kernel: an id tells requests apart in the logs and
        # guards nothing, so the process's own generator (reseeded in each
        # forked worker) is enough, at a fraction of the cost.
        request_id = _incoming_id(scope) or f"{random.getrandbits(128):032x}"
        header = (_HEADER_NAME, request_id.encode("latin-1"))
        token = _request.set(RequestInfo(request_id, scope, time.perf_counter()))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                # In place of one the route may have written (what
                # MutableHeaders does, at a seventh of its cost).
                message["headers"] = [
                    *(h for h in message.get("headers", ()) if h[0] != _HEADER_NAME),
                    header,
                ]
            await send(message)

        try:
            await self._app(scope, receive, send_with_id)
        finally:
            _request.reset(token)


def _incoming_id(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            # Untrusted input ends up in logs: accept only plain tokens.
            return candidate if _SAFE_ID.match(candidate) else None
    return None
