"""Counting what a request leaves in reference cycles.

A request should leave no reference cycle behind: what it made is freed when
it ends, by reference counting, not at the cyclic garbage collector's next
run. Garbage in cycles makes the collector run every few dozen requests and
walk everything in flight; a request's container held in its own state cost
a cached page about a tenth of its time.

Counted, not timed: the collector is switched off while the requests run,
then asked what unreachable objects it found. The requests go straight to
the app as ASGI calls: an httpx client's own responses sit in cycles."""

import gc
import json
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from starlette.types import Message

REQUESTS = 20


@contextmanager
def cyclic_garbage() -> Iterator[Counter[str]]:
    """Object types the block left in unreachable cycles, by count."""
    gc.collect()
    found: Counter[str] = Counter()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield found
        gc.collect()
        found.update(type(item).__qualname__ for item in gc.garbage)
    finally:
        gc.garbage.clear()
        gc.set_debug(0)
        gc.enable()


Send = Callable[[int], Awaitable[int]]


def caller(app: FastAPI, client: AsyncClient) -> Callable[..., Awaitable[int]]:
    """Calls the app as ``client`` (its cookies) would; answers the status."""
    cookies = "; ".join(f"{name}={value}" for name, value in client.cookies.items())

    async def call(
        method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> int:
        content = b"" if body is None else json.dumps(body).encode()
        raw_headers = [
            (b"host", b"test"),
            (b"cookie", cookies.encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(content)).encode()),
            *((k.lower().encode(), v.encode()) for k, v in (headers or {}).items()),
        ]
        path, _, query = path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": raw_headers,
            "client": ("127.0.0.1", 50000),
            "server": ("test", 80),
        }
        sent: list[Message] = []

        async def receive() -> Message:
            return {"type": "http.request", "body": content, "more_body": False}

        async def send(message: Message) -> None:
            sent.append(message)

        await app(scope, receive, send)
        status: int = sent[0]["status"]
        return status

    return call


async def repeated(send: Send) -> Counter[str]:
    # Once first: what the first request makes to keep (caches) is not garbage.
    assert await send(-1) < 300
    with cyclic_garbage() as found:
        for number in range(REQUESTS):
            assert await send(number) < 300
    return found
