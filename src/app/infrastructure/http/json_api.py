"""A JSON-over-HTTP client for the adapters that call other services.

Generated adapters only name paths and shape payloads; this module owns what
each of them would otherwise get subtly wrong: timeouts, retries with
backoff, idempotency keys on writes, and turning httpx failures and non-2xx
answers into the infrastructure errors the HTTP layer already maps. Nothing
httpx-shaped leaves it: callers get parsed JSON or one of those errors.
"""

import json
import logging
import math
import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, TypeAlias

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
)

from app.infrastructure.exceptions import (
    ExternalServiceError,
    ExternalServiceNotConfiguredError,
    ExternalServiceRejectedError,
    ExternalServiceTimeoutError,
)

logger = logging.getLogger(__name__)

# Whatever json.dumps takes and json.loads gives. Deliberately not a recursive
# alias: dict is invariant, so the dict[str, object] payloads adapters pass on
# would not type-check against one. expect_object/expect_list narrow answers.
JsonValue: TypeAlias = object

QueryParams: TypeAlias = Mapping[str, str | int | float | bool]

_RETRYABLE_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
_RETRY_AFTER_STATUSES: Final = frozenset({429, 503})
# Past this the backoff is capped anyway; stops 2**n from overflowing a float.
_MAX_BACKOFF_EXPONENT: Final = 32


@dataclass(frozen=True, kw_only=True)
class JsonApiConfig:
    """How to reach one service.

    ``base_url`` None or empty means the service is not configured: the app
    still starts, and each call raises ExternalServiceNotConfiguredError naming
    ``base_url_setting``. Paths are appended to ``base_url`` as they are, so a
    base of ``https://api.example.com/v1`` keeps its ``/v1``.

    ``timeout_seconds`` bounds each phase of one attempt (connecting, sending,
    each wait for data). ``max_attempts`` counts the first try. The wait before
    retry n is ``backoff_seconds * 2**(n-1)`` plus up to ``backoff_seconds`` of
    jitter; neither it nor a server's numeric Retry-After (honoured on 429 and
    503) exceeds ``max_backoff_seconds``.
    """

    service: str
    base_url: str | None
    base_url_setting: str
    timeout_seconds: float = 10.0
    max_attempts: int = 3
    backoff_seconds: float = 0.2
    max_backoff_seconds: float = 5.0
    bearer_token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be positive")
        if self.backoff_seconds < 0 or self.max_backoff_seconds < 0:
            raise ValueError("backoff_seconds and max_backoff_seconds must be >= 0")


class _RetryableAnswerError(Exception):
    """A 429 or 5xx worth another attempt; never leaves this module."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


class JsonApiClient:
    """Calls one service's JSON API over a shared httpx.AsyncClient.

    Each method returns the parsed JSON body, or None for a 204 or an empty
    body. Connection errors, timeouts and answers 429, 500, 502, 503 and 504
    are retried up to ``config.max_attempts`` times in all. The methods raise
    only these errors from app.infrastructure.exceptions:

    - ExternalServiceNotConfiguredError: no base URL; raised before any I/O.
    - ExternalServiceRejectedError: a 4xx other than 429, at once (a request
      the service refused fails the same way again); ``status`` carries it.
    - ExternalServiceTimeoutError: the last attempt timed out.
    - ExternalServiceError: the last attempt failed otherwise, or the answer
      was unusable (a body that is not JSON, a 3xx or another 5xx).

    A body that json.dumps cannot encode is a bug in the caller: it raises
    TypeError or ValueError before any I/O.
    """

    def __init__(self, http: httpx.AsyncClient, config: JsonApiConfig) -> None:
        self._http = http
        self._config = config

    async def get(self, path: str, params: QueryParams | None = None) -> JsonValue:
        """GET ``path`` with ``params`` as the query string."""
        return await self._call("GET", path, params=params)

    async def post(
        self, path: str, body: JsonValue, idempotency_key: str | None = None
    ) -> JsonValue:
        """POST ``body`` as JSON.

        Sent with an ``Idempotency-Key`` header: ``idempotency_key``, or one
        made for this call and repeated on every retry, so that a service
        honouring the header performs the write once however often it is sent.
        """
        return await self._call(
            "POST", path, content=_encode(body), idempotency_key=_key(idempotency_key)
        )

    async def put(
        self, path: str, body: JsonValue, idempotency_key: str | None = None
    ) -> JsonValue:
        """PUT ``body`` as JSON, with an ``Idempotency-Key`` as ``post`` does."""
        return await self._call(
            "PUT", path, content=_encode(body), idempotency_key=_key(idempotency_key)
        )

    async def patch(
        self, path: str, body: JsonValue, idempotency_key: str | None = None
    ) -> JsonValue:
        """PATCH ``body`` as JSON, with an ``Idempotency-Key`` as ``post`` does."""
        return await self._call(
            "PATCH", path, content=_encode(body), idempotency_key=_key(idempotency_key)
        )

    async def delete(self, path: str, idempotency_key: str | None = None) -> JsonValue:
        """DELETE ``path``, with an ``Idempotency-Key`` as ``post`` does."""
        return await self._call("DELETE", path, idempotency_key=_key(idempotency_key))

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        content: bytes | None = None,
        idempotency_key: str | None = None,
    ) -> JsonValue:
        url = self._url(path)
        headers = self._headers(idempotency_key, has_body=content is not None)
        service = self._config.service
        attempts = self._config.max_attempts
        try:
            async for attempt in self._retrying(method, path):
                with attempt:
                    response = await self._http.request(
                        method,
                        url,
                        params=params,
                        content=content,
                        headers=headers,
                        timeout=self._config.timeout_seconds,
                    )
                    self._check_status(response, method, path)
        except httpx.TimeoutException as err:
            raise ExternalServiceTimeoutError(
                f"{service} did not answer {method} {path} in time"
                f" ({attempts} attempts)"
            ) from err
        except httpx.TransportError as err:
            raise ExternalServiceError(
                f"{service} could not be reached for {method} {path}"
                f" ({attempts} attempts, last: {type(err).__name__})"
            ) from err
        except _RetryableAnswerError as err:
            raise ExternalServiceError(
                f"{service} answered {method} {path} with HTTP {err.status}"
                f" ({attempts} attempts)"
            ) from err
        except httpx.HTTPError as err:
            # Undecodable content, redirect loops: a retry would end the same.
            raise ExternalServiceError(
                f"{service} gave an unreadable answer to {method} {path}"
                f" ({type(err).__name__})"
            ) from err
        return self._parse(response, method, path)

    def _url(self, path: str) -> str:
        base_url = self._config.base_url
        if not base_url:
            raise ExternalServiceNotConfiguredError(self._config.base_url_setting)
        # Not httpx's URL.join: it would drop the /v1 of https://host/v1.
        return f"{base_url.rstrip('/')}/{path.lstrip('/')}"

    def _headers(
        self, idempotency_key: str | None, *, has_body: bool
    ) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if has_body:
            headers["Content-Type"] = "application/json"
        if self._config.bearer_token:
            headers["Authorization"] = f"Bearer {self._config.bearer_token}"
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    def _retrying(self, method: str, path: str) -> AsyncRetrying:
        # A new one per call: AsyncRetrying keeps the state of the call it
        # drives, so concurrent calls must not share one.
        def log_retry(state: RetryCallState) -> None:
            failure = state.outcome.exception() if state.outcome else None
            wait = state.next_action.sleep if state.next_action else 0.0
            logger.warning(
                "%s: %s %s failed (%s) on attempt %d of %d; retrying in %.2f s",
                self._config.service,
                method,
                path,
                _describe(failure),
                state.attempt_number,
                self._config.max_attempts,
                wait,
            )

        return AsyncRetrying(
            stop=stop_after_attempt(self._config.max_attempts),
            wait=self._wait,
            retry=retry_if_exception_type(
                (httpx.TransportError, _RetryableAnswerError)
            ),
            before_sleep=log_retry,
            reraise=True,
        )

    def _wait(self, state: RetryCallState) -> float:
        cap = self._config.max_backoff_seconds
        failure = state.outcome.exception() if state.outcome else None
        if (
            isinstance(failure, _RetryableAnswerError)
            and failure.retry_after is not None
        ):
            return min(failure.retry_after, cap)
        backoff = self._config.backoff_seconds
        exponent = min(state.attempt_number - 1, _MAX_BACKOFF_EXPONENT)
        # Jitter keeps callers that failed together from retrying together.
        return min(cap, backoff * 2.0**exponent + random.uniform(0, backoff))

    def _check_status(self, response: httpx.Response, method: str, path: str) -> None:
        status = response.status_code
        if status in _RETRYABLE_STATUSES:
            raise _RetryableAnswerError(status, _retry_after(response))
        if 400 <= status < 500:
            # The body may echo what was sent (personal data, card details),
            # so the message carries the status only.
            raise ExternalServiceRejectedError(
                f"{self._config.service} rejected {method} {path} with HTTP {status}",
                status=status,
            )
        if not 200 <= status < 300:
            raise ExternalServiceError(
                f"{self._config.service} answered {method} {path}"
                f" with unexpected HTTP {status}"
            )

    def _parse(self, response: httpx.Response, method: str, path: str) -> JsonValue:
        if response.status_code == 204 or not response.content.strip():
            return None
        try:
            value: JsonValue = json.loads(response.content)
        except ValueError as err:
            raise ExternalServiceError(
                f"{self._config.service} answered {method} {path}"
                " with a body that is not JSON"
            ) from err
        return value


def expect_object(
    value: JsonValue, *, service: str = "The service"
) -> dict[str, object]:
    """``value`` itself when it is a JSON object.

    Raises ExternalServiceError naming the JSON type found otherwise.
    """
    if isinstance(value, dict):
        return value
    raise ExternalServiceError(
        f"{service} answered with a JSON {_json_type(value)}"
        " where an object was expected"
    )


def expect_list(value: JsonValue, *, service: str = "The service") -> list[object]:
    """``value`` itself when it is a JSON array.

    Raises ExternalServiceError naming the JSON type found otherwise.
    """
    if isinstance(value, list):
        return value
    raise ExternalServiceError(
        f"{service} answered with a JSON {_json_type(value)}"
        " where an array was expected"
    )


def _encode(body: JsonValue) -> bytes:
    # Encoded once per call, not per attempt; NaN is not JSON, so refuse it
    # here rather than send what the service cannot parse.
    return json.dumps(body, allow_nan=False, separators=(",", ":")).encode()


def _key(idempotency_key: str | None) -> str:
    return idempotency_key or str(uuid.uuid4())


def _retry_after(response: httpx.Response) -> float | None:
    if response.status_code not in _RETRY_AFTER_STATUSES:
        return None
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None  # An HTTP date: our own backoff will do.
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _describe(failure: BaseException | None) -> str:
    if isinstance(failure, _RetryableAnswerError):
        return f"HTTP {failure.status}"
    # The type only: httpx messages may carry the URL and its query string.
    return type(failure).__name__


def _json_type(value: JsonValue) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__
