"""The OpenAPI document and the error maps cannot drift apart."""

from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from app.presentation.http.errors.problem_details import PROBLEM_JSON
from app.presentation.http.route import Route
from app.presentation.http.router import CONTROLLER_ROUTERS

# Answered by app-wide handlers for every route that takes input.
VALIDATION = 422


def _mapped_statuses(route: Route) -> set[int]:
    return set(route.declared_errors.values())


def _takes_input(route: APIRoute) -> bool:
    return bool(route.dependant.path_params or route.dependant.query_params) or (
        route.body_field is not None
    )


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
    checked = 0
    for route in _controller_routes():
        # Readiness answers its 503 itself, not through an error map.
        if route.path.startswith("/health"):
            continue
        for method in route.methods:
            operation = document["paths"][route.path][method.lower()]
            expected = _mapped_statuses(route)
            if _takes_input(route):
                expected.add(VALIDATION)
            assert _documented_errors(operation) == expected, (method, route.path)
            checked += 1
    assert checked >= 12


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
    operation = app.openapi()["paths"]["/api/v1/products"]["get"]

    assert "Retry-After" in operation["responses"]["503"]["headers"]
