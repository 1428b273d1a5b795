from fastapi import APIRouter

from app.presentation.http.controllers import auth, health, products, users


def http_router() -> APIRouter:
    router = APIRouter()
    for controller in (health, auth, users, products):
        router.include_router(controller.router)
    return router
