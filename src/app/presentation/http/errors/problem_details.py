"""RFC 9457 problem details: the one body every error answer has."""

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app.presentation.http.request_id import current_request_id

PROBLEM_JSON = "application/problem+json"


class ProblemDetails(BaseModel):
    type: str = Field(description="A URI reference naming the kind of problem.")
    title: str = Field(description="The HTTP status phrase.")
    status: int
    detail: str = Field(description="What went wrong, for a person to read.")
    code: str = Field(description="A stable machine-readable error code.")
    request_id: str | None = Field(
        default=None, description="Quote it when reporting a problem."
    )


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where the bad value is.")
    msg: str
    type: str


class ValidationProblem(ProblemDetails):
    errors: list[FieldError]


def problem(status: int, code: str, detail: str) -> ProblemDetails:
    return ProblemDetails(
        type=f"/problems/{code}",
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        code=code,
        request_id=current_request_id(),
    )


def validation_problem(detail: str, errors: list[dict[str, Any]]) -> ValidationProblem:
    base = problem(422, "validation_error", detail)
    return ValidationProblem(
        **base.model_dump(),
        errors=[
            FieldError(loc=list(error["loc"]), msg=error["msg"], type=error["type"])
            for error in errors
        ],
    )


def problem_response(
    body: ProblemDetails, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The answer for an error handled outside a route's error map."""
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=body.status,
        headers=headers,
        media_type=PROBLEM_JSON,
    )
