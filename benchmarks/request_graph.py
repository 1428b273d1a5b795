"""What the service's container costs a request: the order read's request graph
(and a cached product page's) resolved through the real container, against
the same objects built by hand.

Times are in microseconds, the best of five batches. "Through the container"
is what Dishka's FastAPI middleware and the route's dependency pay: the
request scope opened with the Request in its context, the use case resolved,
the scope closed. No statement is sent: building the objects needs no round
trip, so any database URL the settings accept will do (SQLite by default).
"""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from dishka import AsyncContainer
from starlette.requests import Request

from app.application.ports.product_cache import ProductCache
from app.application.queries.get_order import GetOrder
from app.application.queries.list_products import ListProducts
from app.application.services.current_user import CurrentUser
from app.infrastructure.adapters.caching_product_reader import (
    CachingProductReader,
    ProductCacheConfig,
)
from app.infrastructure.adapters.sqla_order_reader import SqlaOrderReader
from app.infrastructure.adapters.sqla_product_reader import SqlaProductReader
from app.infrastructure.adapters.sqla_user_reader import SqlaUserReader
from app.infrastructure.auth.adapters.sqla_session_identity_provider import (
    SqlaSessionIdentityProvider,
)
from app.infrastructure.auth.session_cookie import (
    SessionCookieConfig,
    SessionCookieTransport,
    track_session_cookie,
)
from app.infrastructure.auth.session_tokens import AuthSessionConfig
from app.infrastructure.decoded_product_pages import DecodedProductPages
from app.infrastructure.persistence.database import SessionFactory
from setup.config import Settings
from setup.ioc.registry import make_container

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///:memory:"

Action = Callable[[], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class Resolution:
    """Microseconds per request graph: through the container's request scope
    (opened, resolved, closed), and the same objects built by hand."""

    container: float
    by_hand: float

    @property
    def container_share(self) -> float:
        """What the container adds to building the objects."""
        return self.container - self.by_hand


@dataclass(frozen=True, slots=True)
class Graphs:
    order_read: Resolution
    """GetOrder: the session, the identity provider (with the cookie
    transport), the current user, the user and order readers."""
    product_page: Resolution
    """ListProducts: the caching reader around the SQLAlchemy reader (a
    cached page's graph)."""


async def request_graphs(database_url: str = DEFAULT_DATABASE_URL) -> Graphs:
    settings = Settings(_env_file=None, database_url=database_url)
    container = make_container(settings)
    try:
        request = _request()
        hand = await _HandWiring.of(container, settings, request)

        def through_container(use_case: type[object]) -> Action:
            async def resolve() -> object:
                async with container(context={Request: request}) as scope:
                    return await scope.get(use_case)

            return resolve

        # One untimed pass each: Dishka compiles a factory on its first use.
        for action in (through_container(GetOrder), through_container(ListProducts)):
            await action()
        return Graphs(
            Resolution(
                await best_batch(through_container(GetOrder)),
                await best_batch(hand.get_order),
            ),
            Resolution(
                await best_batch(through_container(ListProducts)),
                await best_batch(hand.list_products),
            ),
        )
    finally:
        await container.close()


def _request() -> Request:
    """A request as the service's middlewares leave it for the container."""
    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    track_session_cookie(scope)
    return Request(scope)


@dataclass(frozen=True, slots=True)
class _HandWiring:
    """The app-scoped objects, taken from the container (or the settings, as
    the providers holding them do) once; each call builds the request's
    objects around them as the container does."""

    request: Request
    sessions: SessionFactory
    cookie: SessionCookieConfig
    auth: AuthSessionConfig
    cache: ProductCache
    pages: DecodedProductPages
    cache_config: ProductCacheConfig

    @classmethod
    async def of(
        cls, container: AsyncContainer, settings: Settings, request: Request
    ) -> "_HandWiring":
        return cls(
            request,
            await container.get(SessionFactory),
            settings.session_cookie(),
            settings.auth_session(),
            await container.get(ProductCache),
            await container.get(DecodedProductPages),
            settings.product_cache(),
        )

    async def get_order(self) -> object:
        session = self.sessions()
        transport = SessionCookieTransport(self.request, self.cookie)
        identity = SqlaSessionIdentityProvider(
            session, self.sessions, transport, self.auth
        )
        return GetOrder(
            CurrentUser(identity, SqlaUserReader(session)), SqlaOrderReader(session)
        )

    async def list_products(self) -> object:
        reader = SqlaProductReader(self.sessions())
        return ListProducts(
            CachingProductReader(reader, self.cache, self.cache_config, self.pages)
        )


async def best_batch(action: Action, size: int = 2000) -> float:
    """Microseconds per ``action``: the best of five batches of ``size``."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(size):
            await action()
        best = min(best, (time.perf_counter() - started) / size * 1e6)
    return best
