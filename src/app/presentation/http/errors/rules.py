"""The shared error rules: which error becomes which problem answer.

Controllers build each route's ``error_map`` from these groups, so a status,
its headers and its body are decided here once. fastapi-error-map renders
the answers and documents them in OpenAPI from the same maps.
"""

import logging
from collections.abc import Mapping

from fastapi_error_map import Rule, rule

from app.application.exceptions import AuthenticationError, AuthorizationError
from app.domain.exceptions import ConflictError, EntityNotFoundError
from app.infrastructure.exceptions import (
    DataMapperError,
    PasswordHasherBusyError,
    ReaderError,
)
from app.presentation.http.errors.problem_details import (
    PROBLEM_JSON,
    ProblemDetails,
    problem,
)
from app.presentation.http.request_id import current_request_id

logger = logging.getLogger(__name__)

ErrorMap = Mapping[type[Exception], Rule]

# Seconds a client should wait before retrying a 503.
STORAGE_RETRY_AFTER = 5
HASHER_RETRY_AFTER = 1


def _code_of(err: Exception) -> str:
    code = getattr(err, "code", None)
    return code if isinstance(code, str) else "error"


def _client_error(status: int) -> Rule:
    def translate(err: Exception) -> ProblemDetails:
        return problem(status, _code_of(err), str(err))

    return rule(
        status,
        translator=translate,
        headers={"Content-Type": PROBLEM_JSON},
        openapi_model=ProblemDetails,
    )


def _log_cause(err: Exception) -> None:
    logger.error(
        "request %s failed: %s", current_request_id(), type(err).__name__, exc_info=err
    )


def _server_error(status: int, *, retry_after: int | None = None) -> Rule:
    def translate(err: Exception) -> ProblemDetails:
        # The class's default message only: str(err) may carry internals.
        detail = getattr(type(err), "default_message", "The service failed.")
        return problem(status, _code_of(err), str(detail))

    headers = {"Content-Type": PROBLEM_JSON}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return rule(
        status,
        translator=translate,
        headers=headers,
        on_error=_log_cause,
        openapi_model=ProblemDetails,
    )


NOT_FOUND: ErrorMap = {EntityNotFoundError: _client_error(404)}
CONFLICT: ErrorMap = {ConflictError: _client_error(409)}
AUTHENTICATED: ErrorMap = {AuthenticationError: _client_error(401)}
ADMIN_ONLY: ErrorMap = {**AUTHENTICATED, AuthorizationError: _client_error(403)}

STORAGE: ErrorMap = {
    DataMapperError: _server_error(503, retry_after=STORAGE_RETRY_AFTER),
    ReaderError: _server_error(503, retry_after=STORAGE_RETRY_AFTER),
}
PASSWORD_HASHING: ErrorMap = {
    PasswordHasherBusyError: _server_error(503, retry_after=HASHER_RETRY_AFTER),
}


def error_map(*groups: ErrorMap) -> dict[type[Exception], Rule]:
    """One route's map, merged from the shared groups above."""
    merged: dict[type[Exception], Rule] = {}
    for group in groups:
        merged.update(group)
    return merged
