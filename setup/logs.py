"""Logging, configured once per process: by setup/main.py for the app, by
the worker's main.

Every line, the service's, uvicorn's (its access log included) and the
libraries', goes to stderr through one structlog formatter: one JSON object
per line (LOG_FORMAT=json; the default when stderr is not a terminal) or a
readable line (console). Modules keep using ``logging.getLogger``: structlog
only formats. Every line names the service (SERVICE_NAME), so the lines of
several services sent to one place stay apart; a line written while a
request runs carries its request id
(the X-Request-ID of the answer), method and route template; the access
line adds the status, the client and the duration until the answer started.
"""

import logging
import sys
import time
from collections.abc import MutableMapping
from typing import Any

import structlog
from structlog.typing import Processor

from app.presentation.http.request_id import current_request
from setup.config import SERVICE_NAME, Settings

_HANDLER_NAME = SERVICE_NAME
# uvicorn configures these itself before it imports the app; from then on
# they go through the root logger's handler like every other.
_UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")
ACCESS_LOGGER = "uvicorn.access"

EventDict = MutableMapping[str, Any]


def configure_logging(settings: Settings) -> None:
    """Sends every log record to stderr in the configured format, at
    LOG_LEVEL; calling it again replaces the earlier configuration."""
    as_json = (settings.log_format or _default_format()) == "json"
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(_formatter(as_json))
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for name in _UVICORN_LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
        # uvicorn gave them a level of their own (its --log-level, INFO by
        # default): at LOG_LEVEL like every other line, so LOG_LEVEL=WARNING
        # also spares each request its access line.
        logger.setLevel(logging.NOTSET)


def _default_format() -> str:
    return "console" if sys.stderr.isatty() else "json"


def _formatter(as_json: bool) -> structlog.stdlib.ProcessorFormatter:
    renderer: Processor
    if as_json:
        renderer = structlog.processors.JSONRenderer()
        final: list[Processor] = [structlog.processors.format_exc_info, renderer]
    else:
        renderer = structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
        final = [renderer]
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.stdlib.ExtraAdder(),
            add_service,
            add_request_fields,
        ],
        # The access line's arguments, for add_request_fields; removed there.
        pass_foreign_args=True,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *final],
    )


def add_service(_: Any, __: str, event: EventDict) -> EventDict:
    event["service"] = SERVICE_NAME
    return event


def add_request_fields(_: Any, __: str, event: EventDict) -> EventDict:
    """The request's id, method and route on a line written while it runs;
    uvicorn's access line becomes ``request`` with its status and duration."""
    args = event.pop("positional_args", ())
    # uvicorn's console colouring of the same message.
    event.pop("color_message", None)
    request = current_request()
    if request is None:
        return event
    event["request_id"] = request.id
    event["method"] = request.method
    event["route"] = request.route
    record = event.get("_record")
    if isinstance(record, logging.LogRecord) and record.name == ACCESS_LOGGER:
        _access_fields(event, args, request.started)
    return event


def _access_fields(event: EventDict, args: object, started: float) -> None:
    # uvicorn logs '%s - "%s %s HTTP/%s" %d' with these arguments when the
    # answer starts.
    if not isinstance(args, tuple) or len(args) != 5:
        return
    client, _method, path, http_version, status = args
    event.update(
        event="request",
        path=path,
        status=status,
        duration_ms=round((time.perf_counter() - started) * 1000, 2),
        client=client,
        http_version=http_version,
    )
