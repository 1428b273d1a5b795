"""Builds the FastAPI app: container, routes, middleware, error contract."""

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from dishka import AsyncContainer, Provider
from fastapi import FastAPI

from app.application.commands.create_admin import CreateAdmin, CreateAdminCommand
from app.infrastructure.auth.session_cookie import SessionCookieMiddleware
from app.infrastructure.messaging.outbox_relay import OutboxRelay
from app.presentation.http.body_limit import BodySizeLimitMiddleware
from app.presentation.http.cross_site import CrossSiteProtectionMiddleware
from app.presentation.http.errors.handlers import install_error_handlers
from app.presentation.http.errors.openapi import install_problem_openapi
from app.presentation.http.errors.unexpected import UnexpectedErrorMiddleware
from app.presentation.http.request_container import RequestContainerMiddleware
from app.presentation.http.request_id import RequestIdMiddleware
from app.presentation.http.router import include_routes
from setup.config import SERVICE_NAME, Settings
from setup.ioc.activation import setting_is_set
from setup.ioc.registry import make_container
from setup.jobs import periodic_jobs
from setup.messaging.background import running
from setup.messaging.periodic_job import run_periodically
from setup.messaging.subscription import Subscription
from setup.startup.database import prepare_database
from setup.subscriptions import SUBSCRIPTIONS
from setup.telemetry.sdk import Telemetry, telemetry_from
from setup.telemetry.wiring import install_telemetry, telemetry_providers

logger = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    *,
    subscriptions: Sequence[Subscription[Any]] = SUBSCRIPTIONS,
    providers: Sequence[Provider] = (),
    telemetry: Telemetry | None = None,
) -> FastAPI:
    """The app; ``subscriptions`` and ``providers`` (added to the container)
    are the service's own unless a test brings its handlers, and
    ``telemetry`` is made from the settings unless a test brings its own."""
    settings = settings or Settings()
    telemetry = telemetry or telemetry_from(settings)
    container = make_container(
        settings,
        subscriptions=subscriptions,
        providers=[*providers, *telemetry_providers(telemetry)],
    )
    app = FastAPI(
        title=SERVICE_NAME,
        version="0.1.0",
        lifespan=_lifespan(settings, container, telemetry),
    )
    include_routes(app)
    install_error_handlers(app)
    install_problem_openapi(app)
    app.add_middleware(SessionCookieMiddleware, config=settings.session_cookie())
    app.add_middleware(
        BodySizeLimitMiddleware, max_bytes=settings.max_request_body_bytes
    )
    # Outside the body limit: a cross-site request is refused unread.
    app.add_middleware(
        CrossSiteProtectionMiddleware,
        allowed_origins=settings.allowed_origins,
        session_cookie=settings.session_cookie_name,
    )
    app.add_middleware(UnexpectedErrorMiddleware)
    # Added last so it runs first: every answer, errors too, carries the id.
    app.add_middleware(RequestIdMiddleware)
    # Dishka's setup_dishka, but with a middleware that lets go of each
    # request's container (see request_container.py).
    app.add_middleware(RequestContainerMiddleware, container=container)
    app.state.dishka_container = container
    install_telemetry(app, telemetry)
    return app


def _lifespan(
    settings: Settings, container: AsyncContainer, telemetry: Telemetry
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.run_migrations_on_startup:
            # Alembic drives its own event loop; give it a thread.
            await asyncio.to_thread(prepare_database, settings)
        await ensure_initial_admin(settings, container)
        # Publishes what commits put in the outbox: to RabbitMQ, or (without
        # AMQP_URL) to the subscriptions' handlers in this process.
        relay = await container.get(OutboxRelay)
        # At shutdown (after uvicorn has let the requests in flight finish)
        # the periodic jobs are cancelled, and the relay finishes the batch
        # in hand, then stops.
        async with (
            running(relay.run(), stopping=[relay.stop]),
            running(*_in_process_jobs(settings, container)),
        ):
            yield
        await container.close()
        telemetry.shutdown()  # exports the last spans

    return lifespan


def _in_process_jobs(
    settings: Settings, container: AsyncContainer
) -> list[Coroutine[Any, Any, None]]:
    # With a broker, the worker runs them; without one there is no worker.
    if setting_is_set(settings, "AMQP_URL"):
        return []
    return [run_periodically(container, job) for job in periodic_jobs(settings)]


async def ensure_initial_admin(settings: Settings, container: AsyncContainer) -> None:
    """Creates or promotes the admin named by INITIAL_ADMIN_* settings, if any."""
    if settings.initial_admin_email is None or settings.initial_admin_password is None:
        return
    async with container() as request_container:
        create_admin = await request_container.get(CreateAdmin)
        await create_admin.execute(
            CreateAdminCommand(
                email=settings.initial_admin_email,
                password=settings.initial_admin_password.get_secret_value(),
            )
        )
    logger.info("initial admin %s is present", settings.initial_admin_email)
