"""The shared error rules: which error becomes which problem answer.

Controllers build each route's ``error_map`` from these groups, so a status,
its headers and its body are decided here once. fastapi-error-map renders
the answers and documents them in OpenAPI from the same maps.

fastapi-error-map resolves a raised error by walking its class's MRO and
taking the first class the route maps, so the most specific rule wins
whatever the order of the map: with EXTERNAL_SERVICE, a timeout is a 504
even though ExternalServiceError (its base) is a 503. A group may therefore
map a family's base class as its catch-all. tests/http/test_error_contract.py
proves every infrastructure error resolves here, and that each route maps
every error its use case can raise, to the status resolved here.
"""

import logging
from collections.abc import Callable, Mapping

from fastapi_error_map import Rule, rule

from app.application.exceptions import (
    AuthenticationError,
    AuthorizationError,
    FileNotFoundInStorageError,
    IdempotencyKeyInUseError,
    StorageKeyError,
    TooManyAttemptsError,
)
from app.domain.exceptions import (
    ConflictError,
    ContentTooLargeError,
    EntityNotFoundError,
    UnsupportedContentTypeError,
)
from app.infrastructure.exceptions import (
    DataMapperError,
    ExternalServiceError,
    ExternalServiceNotConfiguredError,
    ExternalServiceRejectedError,
    ExternalServiceTimeoutError,
    InfrastructureError,
    PasswordHasherBusyError,
    ReaderError,
    logged_as_outage,
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
EXTERNAL_SERVICE_RETRY_AFTER = 5
BACKING_SERVICE_RETRY_AFTER = 5
# Seconds a client should wait before sending again a request whose
# Idempotency-Key another request of the same content is still using.
IDEMPOTENCY_RETRY_AFTER = 1


def _code_of(err: Exception) -> str:
    code = getattr(err, "code", None)
    return code if isinstance(code, str) else "error"


def _client_error(
    status: int,
    *,
    retry_after: int | None = None,
    headers: Callable[[Exception], Mapping[str, str]] | None = None,
) -> Rule:
    """``headers``: for answers whose headers depend on the error."""

    def translate(err: Exception) -> ProblemDetails:
        return problem(status, _code_of(err), str(err))

    return rule(
        status,
        translator=translate,
        headers=headers or _headers(retry_after),
        openapi_model=ProblemDetails,
    )


def _headers(retry_after: int | None) -> dict[str, str]:
    headers = {"Content-Type": PROBLEM_JSON}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return headers


def _log_cause(err: Exception) -> None:
    # During an outage its cause is logged once (OutageLog), not per request.
    level = logging.DEBUG if logged_as_outage(err) else logging.ERROR
    logger.log(
        level,
        "request %s failed: %s",
        current_request_id(),
        type(err).__name__,
        exc_info=err,
    )


def _server_error(status: int, *, retry_after: int | None = None) -> Rule:
    def translate(err: Exception) -> ProblemDetails:
        # The class's default message only: str(err) may carry internals.
        detail = getattr(type(err), "default_message", "The service failed.")
        return problem(status, _code_of(err), str(detail))

    return rule(
        status,
        translator=translate,
        headers=_headers(retry_after),
        on_error=_log_cause,
        openapi_model=ProblemDetails,
    )


def _retry_after(err: Exception) -> dict[str, str]:
    assert isinstance(err, TooManyAttemptsError)
    return {
        "Content-Type": PROBLEM_JSON,
        "Retry-After": str(err.retry_after_seconds),
    }


NOT_FOUND: ErrorMap = {EntityNotFoundError: _client_error(404)}
CONFLICT: ErrorMap = {ConflictError: _client_error(409)}
AUTHENTICATED: ErrorMap = {AuthenticationError: _client_error(401)}
ADMIN_ONLY: ErrorMap = {**AUTHENTICATED, AuthorizationError: _client_error(403)}
# Uploads: content over a size limit, of a type not accepted, or not of the
# type it declares.
TOO_LARGE: ErrorMap = {ContentTooLargeError: _client_error(413)}
UNSUPPORTED_MEDIA_TYPE: ErrorMap = {UnsupportedContentTypeError: _client_error(415)}
# What a file storage port refuses for what it was asked (its failures are
# StorageError: BACKING_SERVICES). For routes whose keys the service makes
# itself: a missing file is a 404; a key the storage refuses is a bug of the
# service, a logged 500, never the client's fault.
STORED_FILES: ErrorMap = {
    FileNotFoundInStorageError: _client_error(404),
    StorageKeyError: _server_error(500),
}
# Routes that take an Idempotency-Key (app.application.services.idempotency).
# The key used for another request is a 422, answered app-wide as request
# validation is (handlers.py).
IDEMPOTENT: ErrorMap = {
    # The same request is still running: send it again with the same key.
    IdempotencyKeyInUseError: _client_error(409, retry_after=IDEMPOTENCY_RETRY_AFTER),
}

STORAGE: ErrorMap = {
    DataMapperError: _server_error(503, retry_after=STORAGE_RETRY_AFTER),
    ReaderError: _server_error(503, retry_after=STORAGE_RETRY_AFTER),
}
# Log-in limits per account and per address: 429 with the seconds to wait.
TOO_MANY_ATTEMPTS: ErrorMap = {
    TooManyAttemptsError: _client_error(429, headers=_retry_after)
}
PASSWORD_HASHING: ErrorMap = {
    PasswordHasherBusyError: _server_error(503, retry_after=HASHER_RETRY_AFTER),
}
# Another service we call (app.infrastructure.http.json_api). Its retries are
# spent by the time one of these reaches a route.
EXTERNAL_SERVICE: ErrorMap = {
    # Unreachable, a 5xx, an unreadable answer: it may be back shortly.
    ExternalServiceError: _server_error(503, retry_after=EXTERNAL_SERVICE_RETRY_AFTER),
    # It did not answer in time: a gateway timeout.
    ExternalServiceTimeoutError: _server_error(504),
    # It refused what we sent (its 4xx): our fault as its client, so a bad
    # gateway, and retrying unchanged will not help. Its body and status are
    # never passed on (the body may echo personal data); they are logged.
    ExternalServiceRejectedError: _server_error(502),
    # A setting is missing: nothing changes until someone sets it.
    ExternalServiceNotConfiguredError: _server_error(503),
}
# Any other backing service: cache, message broker, file storage, and
# whatever InfrastructureError a scaffolded adapter raises next. Maps the
# family's base class, so a more specific group on the same route wins.
BACKING_SERVICES: ErrorMap = {
    InfrastructureError: _server_error(503, retry_after=BACKING_SERVICE_RETRY_AFTER),
}


def error_map(*groups: ErrorMap) -> dict[type[Exception], Rule]:
    """One route's map, merged from the shared groups above."""
    merged: dict[type[Exception], Rule] = {}
    for group in groups:
        merged.update(group)
    return merged
