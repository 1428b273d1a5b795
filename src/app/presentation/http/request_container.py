"""Each request's Dishka container, opened around the request and let go of
after it.

What dishka.integrations.fastapi's ContainerMiddleware does, with one
difference: the request container leaves the request's state when the
request ends. It holds the request in its context while the request's state
holds it, a reference cycle that Python's reference counting cannot free.
Left to the cyclic garbage collector, every request's scope, both
containers and what hangs on them (some 32 objects) wait for the next
collection, which then runs every 20 or so requests and walks what is in
flight: about a tenth of a cached read's time.
"""

from dishka import AsyncContainer
from dishka import Scope as DependencyScope
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

# Where dishka.integrations.fastapi's injection looks for the container.
_STATE_KEY = "dishka_container"


class RequestContainerMiddleware:
    def __init__(self, app: ASGIApp, container: AsyncContainer) -> None:
        self._app = app
        self._container = container

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            context: dict[type, object] = {Request: Request(scope, receive, send)}
            container_scope = DependencyScope.REQUEST
        elif scope["type"] == "websocket":
            context = {WebSocket: WebSocket(scope, receive, send)}
            container_scope = DependencyScope.SESSION
        else:
            await self._app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        async with self._container(context, scope=container_scope) as container:
            state[_STATE_KEY] = container
            try:
                await self._app(scope, receive, send)
            finally:
                del state[_STATE_KEY]
