"""Makes the OpenAPI document say what the error answers really are.

fastapi-error-map documents each route's mapped statuses from its
error_map; this pass relabels them as application/problem+json, gives 422
the ValidationProblem schema the handlers actually send, and adds what the
middlewares answer before any route runs: 413 on every operation that takes
a body (body_limit.py), 403 on every one that may change something
(cross_site.py).
"""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.presentation.http.cross_site import SAFE_METHODS
from app.presentation.http.errors.problem_details import (
    PROBLEM_JSON,
    ProblemDetails,
    ValidationProblem,
)

_JSON = "application/json"
_RETRY_AFTER = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "integer"},
}
_REF_TEMPLATE = "#/components/schemas/{model}"


def install_problem_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _problem_schema(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _problem_schema(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    validation = ValidationProblem.model_json_schema(ref_template=_REF_TEMPLATE)
    schemas.update(validation.pop("$defs", {}))
    schemas[ValidationProblem.__name__] = validation
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            _add_middleware_answers(method, operation)
            _relabel_errors(operation.get("responses", {}))
    return schema


def _add_middleware_answers(method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    if "requestBody" in operation:
        responses.setdefault("413", _problem("The request body is too large."))
    if method.upper() not in SAFE_METHODS:
        responses.setdefault("403", _problem("Sent by another site (Origin)."))


def _problem(description: str) -> dict[str, Any]:
    reference = {"$ref": _REF_TEMPLATE.format(model=ProblemDetails.__name__)}
    return {"description": description, "content": {_JSON: {"schema": reference}}}


def _relabel_errors(responses: dict[str, Any]) -> None:
    for status, response in responses.items():
        if not status.isdigit() or int(status) < 400:
            continue
        response.get("headers", {}).pop("Content-Type", None)
        if not response.get("headers"):
            response.pop("headers", None)
        content = response.setdefault("content", {})
        body = content.pop(_JSON, {})
        if status == "422":
            body["schema"] = {"$ref": _REF_TEMPLATE.format(model="ValidationProblem")}
        if status == "429":
            # Its value is per answer, so fastapi-error-map cannot show it.
            response.setdefault("headers", {})["Retry-After"] = _RETRY_AFTER
        content[PROBLEM_JSON] = body
