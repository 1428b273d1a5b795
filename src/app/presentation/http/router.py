from fastapi import APIRouter, FastAPI

from app.presentation.http.controllers import (
    auth,
    health,
    orders,  # demo: orders
    products,  # demo: catalog
    users,
)
from app.presentation.http.route import Route

CONTROLLER_ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    auth.router,
    users.router,
    products.router,  # demo: catalog
    orders.router,  # demo: orders
)


def include_routes(app: FastAPI) -> None:
    """Every controller's routes, added to the app's own list of routes.

    Not with ``app.include_router``: FastAPI keeps an included router as a
    branch, and a request is matched against each branch's routes to pick
    the branch, then again inside it. The app's own routes are matched once.
    A controller's router already gave its routes their full path, tags and
    error maps, and the app adds nothing to them (no prefix, dependencies or
    responses of its own), so the routes and the OpenAPI document are the
    same either way (tests/http/test_openapi.py), and each route may turn
    away a path unlike its own at once (Route.matched_by_the_app). Nothing
    here is overridden through FastAPI's ``dependency_overrides`` (Dishka
    provides), which an included router would have pointed at the app.
    """
    for controller_router in CONTROLLER_ROUTERS:
        for route in controller_router.routes:
            if isinstance(route, Route):
                route.matched_by_the_app()
            app.router.routes.append(route)
