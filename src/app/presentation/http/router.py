from fastapi import APIRouter

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


def http_router() -> APIRouter:
    router = APIRouter()
    for controller_router in CONTROLLER_ROUTERS:
        router.include_router(controller_router)
    return router
