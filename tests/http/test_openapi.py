"""The OpenAPI document and the error maps cannot drift apart."""

import re
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from app.presentation.http.cross_site import SAFE_METHODS
from app.presentation.http.errors.problem_details import PROBLEM_JSON
from app.presentation.http.route import Route
from app.presentation.http.router import CONTROLLER_ROUTERS

# Answered by app-wide handlers for every route that takes input.
VALIDATION = 422
# Answered by the body size limit for every route that takes a body.
BODY_TOO_LARGE = 413
# Answered by the cross-site protection for every method that changes things.
CROSS_SITE = 403


def _mapped_statuses(route: Route) -> set[int]:
    return set(route.declared_errors.values())


def _takes_input(route: Route) -> bool:
    return bool(
        route.dependant.path_params
        or route.dependant.query_params
        or route.query_models
        or route.body_field is not None
    )


def _takes_a_body(route: APIRoute) -> bool:
    return route.body_field is not None or "requestBody" in (route.openapi_extra or {})


def _controller_routes() -> list[Route]:
    return [
        route
        for router in CONTROLLER_ROUTERS
        for route in router.routes
        if isinstance(route, Route)
    ]


def _documented_errors(operation: dict[str, Any]) -> set[int]:
    return {int(status) for status in operation["responses"] if int(status) >= 400}


def test_every_route_documents_exactly_the_errors_it_maps(app: FastAPI) -> None:
    document = app.openapi()
    checked = set()
    for route in _controller_routes():
        # Readiness answers its 503 itself, not through an error map.
        if route.path.startswith("/health"):
            continue
        for method in route.methods:
            operation = document["paths"][route.path][method.lower()]
            expected = _mapped_statuses(route)
            if _takes_input(route):
                expected.add(VALIDATION)
            if _takes_a_body(route):
                expected.add(BODY_TOO_LARGE)
            if method not in SAFE_METHODS:
                expected.add(CROSS_SITE)
            assert _documented_errors(operation) == expected, (method, route.path)
            checked.add((method.lower(), route.path))
    # Every operation the document has was checked, the core's among them.
    assert ("get", "/api/v1/users/me") in checked
    assert checked == {
        (method, path)
        for path, item in document["paths"].items()
        if not path.startswith("/health")
        for method in item
    }


def test_error_answers_are_documented_as_problem_details(app: FastAPI) -> None:
    document = app.openapi()
    schemas = document["components"]["schemas"]
    assert "ProblemDetails" in schemas
    assert "ValidationProblem" in schemas
    assert "HTTPValidationError" not in schemas
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if int(status) < 400 or path.startswith("/health"):
                    continue
                content = response["content"]
                assert list(content) == [PROBLEM_JSON], (method, path, status)
                reference = content[PROBLEM_JSON]["schema"]["$ref"]
                expected = "ValidationProblem" if status == "422" else "ProblemDetails"
                assert reference.endswith(f"/{expected}"), (method, path, status)


def test_retry_after_is_documented_on_503(app: FastAPI) -> None:
    operation = app.openapi()["paths"]["/api/v1/users/me"]["get"]

    assert "Retry-After" in operation["responses"]["503"]["headers"]


def _request_schema(document: dict[str, Any], path: str, method: str) -> Any:
    body = document["paths"][path][method]["requestBody"]["content"]
    reference = body["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][reference.rsplit("/", 1)[-1]]


def test_request_schemas_state_what_the_domain_enforces(app: FastAPI) -> None:
    document = app.openapi()
    sign_up = _request_schema(document, "/api/v1/auth/sign-up", "post")["properties"]

    assert sign_up["password"]["minLength"] == 8
    assert sign_up["password"]["maxLength"] == 128
    assert re.fullmatch(sign_up["email"]["pattern"], "a@example.com")
    for bad_email in ("000", "a@b", "a b@example.com", "a\x00@example.com"):
        assert not re.fullmatch(sign_up["email"]["pattern"], bad_email), bad_email
    password_pattern = sign_up["password"]["pattern"]
    assert re.fullmatch(password_pattern, "tabs\tand\nnewlines")
    assert not re.fullmatch(password_pattern, "nul\x00byte")


def test_429_and_its_retry_after_are_documented_on_log_in(app: FastAPI) -> None:
    responses = app.openapi()["paths"]["/api/v1/auth/log-in"]["post"]["responses"]

    assert "Retry-After" in responses["429"]["headers"]
    assert (
        "429" not in app.openapi()["paths"]["/api/v1/auth/sign-up"]["post"]["responses"]
    )
