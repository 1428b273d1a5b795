from typing import Literal

from dishka.integrations.fastapi import FromDishka
from fastapi import APIRouter, Response, status
from pydantic import BaseModel

from app.application.queries.check_health import CheckHealth
from app.presentation.http.route import Route

router = APIRouter(route_class=Route, tags=["health"])


class HealthResponse(BaseModel):
    status: Literal["ok", "unhealthy"]
    database: Literal["up", "down"]


@router.get(
    "/health",
    responses={503: {"model": HealthResponse, "description": "The database is down."}},
)
async def health(check: FromDishka[CheckHealth], response: Response) -> HealthResponse:
    if await check.execute():
        return HealthResponse(status="ok", database="up")
    response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return HealthResponse(status="unhealthy", database="down")
