"""The app container has no lock (setup/ioc/registry.py): that is safe while
no app-scoped factory suspends while it creates its object, since asyncio
switches coroutines only where one suspends. Each is checked by resolving it
one step at a time: a factory that awaits I/O leaves the coroutine pending."""

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
from dishka import AsyncContainer, Provider, Scope, provide
from dishka.exceptions import NoActiveFactoryError

from setup.ioc.registry import make_container
from tests.support.settings import settings_for

MEMORY = "sqlite+aiosqlite:///:memory:"

# Every `when=` setting set (the other adapters bound) or none. Making the
# clients connects to nothing, so the addresses need no server.
EVERY_BACKING_SERVICE = {
    "redis_url": "redis://127.0.0.1:6379/0",
    "amqp_url": "amqp://guest:guest@127.0.0.1:5672/",
    "payment_gateway_base_url": "http://127.0.0.1:9",  # demo: orders
    "s3_bucket_url": "s3://bucket",
}


def _suspending(container: AsyncContainer) -> list[str]:
    """The app-scoped (and runtime) dependencies whose resolution suspends
    at least once, resolved in that order in ``container``."""
    found = []
    scopes = (container, container.parent_container)
    keys = [key for scope in scopes if scope for key in scope.registry.factories]
    for key in keys:
        resolving = container.get(key.type_hint, key.component)
        try:
            resolving.send(None)
        except (StopIteration, NoActiveFactoryError):
            continue
        resolving.close()
        found.append(str(key.type_hint))
    return found


class _Connection:
    pass


class _ConnectingProvider(Provider):
    @provide(scope=Scope.APP)
    async def connection(self) -> _Connection:
        await asyncio.sleep(0)  # as awaiting a connection would: one suspension
        return _Connection()


async def _suspending_in(
    settings: dict[str, Any], providers: Sequence[Provider] = ()
) -> list[str]:
    container = make_container(settings_for(MEMORY, **settings), providers=providers)
    try:
        return _suspending(container)
    finally:
        await container.close()


@pytest.mark.parametrize(
    "settings", [{}, EVERY_BACKING_SERVICE], ids=["defaults", "every-service-set"]
)
async def test_no_app_scoped_factory_suspends(settings: dict[str, Any]) -> None:
    assert await _suspending_in(settings) == []


async def test_a_factory_that_awaits_is_found() -> None:
    suspending = await _suspending_in({}, [_ConnectingProvider()])

    assert suspending == [str(_Connection)]
