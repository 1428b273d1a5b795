from fastapi import APIRouter, FastAPI

from app.presentation.http.controllers import (
    auth,
    health,
    orders,  # demo: orders
    products,  # demo: catalog
    users,
)

CONTROLLER_ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    auth.router,
    users.router,
    products.router,  # demo: catalog
    orders.router,  # demo: orders
)


def include_routes(app: FastAPI) -> None:
    """Every controller's routes, each router included in the app itself:
    FastAPI matches a request against an included router and again inside
    it, so every level of nesting costs every request its matching again."""
    for controller_router in CONTROLLER_ROUTERS:
        app.include_router(controller_router)
