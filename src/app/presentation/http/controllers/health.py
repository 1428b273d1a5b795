"""Liveness and readiness, for load balancers and orchestrators.

/health/live answers as long as the process serves HTTP, touching nothing
else: restarting the process would not bring a database back. /health/ready
(and /health, its older name) answers 200 only when every backing service
the service needs answers, and a 503 problem naming the ones that do not.
"""

from typing import Any, Literal

from dishka.integrations.fastapi import FromDishka
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app.application.queries.check_health import CheckHealth
from app.presentation.http.errors.problem_details import (
    PROBLEM_JSON,
    ProblemDetails,
    problem,
)
from app.presentation.http.route import Route

router = APIRouter(route_class=Route, tags=["health"])

DependencyState = Literal["up", "down"]


class LiveResponse(BaseModel):
    status: Literal["alive"] = "alive"


class ReadyResponse(BaseModel):
    status: Literal["ready"] = "ready"
    dependencies: dict[str, DependencyState] = Field(
        description="Each backing service probed: database, and redis and "
        "broker where configured."
    )


class NotReadyProblem(ProblemDetails):
    dependencies: dict[str, DependencyState]


@router.get("/health/live")
async def live() -> LiveResponse:
    return LiveResponse()


_NOT_READY: dict[int | str, dict[str, Any]] = {
    503: {
        "model": NotReadyProblem,
        "description": "A backing service does not answer (or the database "
        "is not migrated to the code's revision); `dependencies` says which.",
        "content": {PROBLEM_JSON: {}},
    }
}


@router.get("/health/ready", response_model=ReadyResponse, responses=_NOT_READY)
async def ready(check: FromDishka[CheckHealth]) -> ReadyResponse | JSONResponse:
    report = await check.execute()
    states: dict[str, DependencyState] = {
        name: "up" if answered else "down" for name, answered in report.answered.items()
    }
    if report.ready:
        return ReadyResponse(dependencies=states)
    detail = f"Not ready: {', '.join(report.failing)} not answering."
    body = NotReadyProblem(
        **problem(503, "not_ready", detail).model_dump(), dependencies=states
    )
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=503,
        media_type=PROBLEM_JSON,
        headers={"Retry-After": "5"},
    )


# The older name of /health/ready, kept for the probes that use it.
router.add_api_route(
    "/health",
    ready,
    methods=["GET"],
    response_model=ReadyResponse,
    responses=_NOT_READY,
)
