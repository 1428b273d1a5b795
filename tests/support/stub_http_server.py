"""A real HTTP server on loopback that a test scripts answer by answer.

Code under test talks to it over a socket, as it would to the real service,
so timeouts, connection handling and headers are exercised for real, which
a mocked transport cannot do. It serves from its own thread and event loop:
sync tests can use it, and a test that blocks its own loop cannot stall it.

It speaks just enough HTTP/1.1 for clients such as httpx: one request per
connection (each answer says ``Connection: close``), bodies framed by
Content-Length.
"""

import asyncio
import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from types import TracebackType
from typing import Self, TypeAlias
from urllib.parse import parse_qsl, urlsplit

_STARTUP_TIMEOUT_SECONDS = 5.0
_DEFAULT_JSON: object = {}


@dataclass(frozen=True)
class StubAnswer:
    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    # Names lower-cased, as HTTP compares them case-insensitively.
    headers: dict[str, str]
    body: bytes
    # The parsed body, or None when it was empty or not JSON.
    json: object
    # time.monotonic() when the request had been read in full.
    received_at: float


Responder: TypeAlias = Callable[[RecordedRequest], StubAnswer]


class StubHttpServer:
    """Answers with what ``enqueue`` queued, in order; then 200 ``{}``, or
    what ``responder`` makes of the request (a fake service's logic, called
    on the server's thread)."""

    def __init__(self, responder: Responder | None = None) -> None:
        self._responder = responder
        self._lock = threading.Lock()
        self._answers: deque[StubAnswer] = deque()
        self._requests: list[RecordedRequest] = []
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None
        self.url = ""

    def enqueue(
        self,
        status: int = 200,
        *,
        json: object = _DEFAULT_JSON,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Queue the next answer: ``json`` encoded, or ``body`` sent as is.

        ``delay`` seconds pass before the answer's status line is sent, so a
        client timeout shorter than it fires while waiting for the answer.
        """
        if body is None:
            body = b"" if status == 204 else _json_bytes(json)
        answer = StubAnswer(status, body, dict(headers or {}), delay)
        with self._lock:
            self._answers.append(answer)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    def start(self) -> None:
        self._thread = threading.Thread(
            target=asyncio.run, args=(self._serve(),), name="stub-http-server"
        )
        self._thread.start()
        if not self._ready.wait(_STARTUP_TIMEOUT_SECONDS):
            raise RuntimeError("the stub HTTP server did not start")
        if self._startup_error is not None:
            self._thread.join()
            raise RuntimeError("the stub HTTP server did not start") from (
                self._startup_error
            )

    def stop(self) -> None:
        """Drop connections still waiting for an answer and end the thread."""
        if self._loop is not None and self._stopping is not None:
            with contextlib.suppress(RuntimeError):  # The loop already ended.
                self._loop.call_soon_threadsafe(self._stopping.set)
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def _serve(self) -> None:
        handlers: set[asyncio.Task[None]] = set()

        async def handle(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter
        ) -> None:
            task = asyncio.current_task()
            assert task is not None
            handlers.add(task)
            try:
                await self._handle(reader, writer)
            except asyncio.CancelledError:
                # Only stop() cancels; ending quietly spares asyncio logging
                # a cancelled connection callback as an error.
                pass
            finally:
                handlers.discard(task)

        try:
            server = await asyncio.start_server(handle, "127.0.0.1", 0)
        except OSError as err:
            # Handed to start(), which raises it in the test's thread.
            self._startup_error = err
            self._ready.set()
            return
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        port = server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self._ready.set()
        try:
            await self._stopping.wait()
        finally:
            server.close()
            # Handlers still sleeping out a delay would keep wait_closed
            # waiting on Python 3.12+.
            for task in handlers:
                task.cancel()
            await asyncio.gather(*handlers, return_exceptions=True)
            await server.wait_closed()

    async def _handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            request = await _read_request(reader)
            if request is None:
                return
            with self._lock:
                self._requests.append(request)
                queued = self._answers.popleft() if self._answers else None
            answer = queued or self._respond(request)
            if answer.delay:
                await asyncio.sleep(answer.delay)
            writer.write(_encode_answer(answer))
            await writer.drain()
        except (OSError, asyncio.IncompleteReadError, ValueError):
            pass  # The client went away or sent what this stub does not speak.
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    def _respond(self, request: RecordedRequest) -> StubAnswer:
        if self._responder is None:
            return StubAnswer()
        return self._responder(request)


async def _read_request(reader: asyncio.StreamReader) -> RecordedRequest | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None  # Connected and closed without a request.
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, target, _version = request_line.split(" ", 2)
    headers: dict[str, str] = {}
    for line in header_lines:
        if not line:
            continue
        name, _, value = line.partition(":")
        name = name.strip().lower()
        value = value.strip()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    url = urlsplit(target)
    return RecordedRequest(
        method=method,
        path=url.path,
        query=dict(parse_qsl(url.query, keep_blank_values=True)),
        headers=headers,
        body=body,
        json=_parse_json(body),
        received_at=time.monotonic(),
    )


def _parse_json(body: bytes) -> object:
    if not body:
        return None
    try:
        parsed: object = json.loads(body)
    except ValueError:
        return None
    return parsed


def _json_bytes(value: object) -> bytes:
    return json.dumps(value).encode()


def _encode_answer(answer: StubAnswer) -> bytes:
    try:
        reason = HTTPStatus(answer.status).phrase
    except ValueError:
        reason = "Unknown"
    headers = {"Content-Length": str(len(answer.body)), "Connection": "close"}
    if answer.body:
        headers["Content-Type"] = "application/json"
    headers.update(answer.headers)
    lines = [f"HTTP/1.1 {answer.status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + answer.body
