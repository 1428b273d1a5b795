"""App-wide handlers: answers that are not tied to one route's use case.

Request validation, unknown routes and methods, domain validation and an
Idempotency-Key used for another request answer as problem details too
(unexpected failures: see unexpected.py). They are the 422s: a route's error
map never maps 422, which FastAPI's request validation owns.
"""

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from app.application.exceptions import IdempotencyKeyReusedError, ValueNotStorableError
from app.domain.exceptions import DomainValidationError
from app.presentation.http.errors.problem_details import (
    FieldError,
    ValidationProblem,
    problem,
    problem_response,
    validation_problem,
)
from app.presentation.http.request_id import current_request_id

logger = logging.getLogger(__name__)

# Where routes read the Idempotency-Key, as request validation names it.
IDEMPOTENCY_KEY_LOCATION: list[str | int] = ["header", "idempotency-key"]


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(DomainValidationError, _domain_validation)
    app.add_exception_handler(ValueNotStorableError, _value_not_storable)
    app.add_exception_handler(HTTPException, _http_exception)
    app.add_exception_handler(IdempotencyKeyReusedError, _idempotency_key_reused)


async def _request_validation(_: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, RequestValidationError)
    errors = [
        {"loc": error["loc"], "msg": error["msg"], "type": error["type"]}
        for error in err.errors()
    ]
    return problem_response(validation_problem("The request is not valid.", errors))


async def _domain_validation(_: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, DomainValidationError)
    errors = [{"loc": [err.field], "msg": err.message, "type": err.code}]
    return problem_response(validation_problem(err.message, errors))


async def _idempotency_key_reused(_: Request, err: Exception) -> JSONResponse:
    # Named as the conflict it is, and where: the request's key. Never advice
    # that would place a second order.
    assert isinstance(err, IdempotencyKeyReusedError)
    message = str(err)
    body = problem(422, err.code, message)
    errors = [FieldError(loc=IDEMPOTENCY_KEY_LOCATION, msg=message, type=err.code)]
    return problem_response(ValidationProblem(**body.model_dump(), errors=errors))


async def _value_not_storable(_: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, ValueNotStorableError)
    # The boundary checks should have refused the value: logged (with the
    # database's reason) so a check that is missing gets noticed.
    logger.warning(
        "request %s: the database refused a value", current_request_id(), exc_info=err
    )
    errors = [{"loc": ["request"], "msg": str(err), "type": err.code}]
    return problem_response(validation_problem(str(err), errors))


async def _http_exception(_: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, HTTPException)
    if err.status_code == HTTPStatus.BAD_REQUEST:
        return _unreadable_body(err)
    status = HTTPStatus(err.status_code)
    code = getattr(err, "code", None) or (
        status.phrase.lower().replace(" ", "_").replace("-", "_")
    )
    detail = err.detail if isinstance(err.detail, str) else status.description
    return problem_response(problem(status, code, detail), headers=err.headers)


def _unreadable_body(err: HTTPException) -> JSONResponse:
    """FastAPI answers 400 for a body it could not parse for a reason other
    than bad JSON syntax (JSON nested too deeply for the parser, say). Every
    other unparsable body is a 422, so this one is too, documented as such."""
    detail = err.detail if isinstance(err.detail, str) else "The body is unreadable."
    errors = [{"loc": ["body"], "msg": detail, "type": "body_unreadable"}]
    return problem_response(validation_problem("The request is not valid.", errors))
