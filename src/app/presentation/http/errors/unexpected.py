"""Any exception nothing else handled: logged with its cause, answered as a bare 500.

Starlette sends such errors to its outermost middleware, outside the
request-id middleware, so the answer would lose its request id. This
middleware sits inside it instead.
"""

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.presentation.http.errors.problem_details import problem, problem_response
from app.presentation.http.request_id import current_request_id

logger = logging.getLogger(__name__)


class UnexpectedErrorMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        response_started = False

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            response_started |= message["type"] == "http.response.start"
            await send(message)

        try:
            await self._app(scope, receive, tracking_send)
        except Exception as err:
            logger.error("request %s failed", current_request_id(), exc_info=err)
            if response_started:
                raise
            body = problem(500, "internal_error", "The service failed unexpectedly.")
            await problem_response(body)(scope, receive, send)
