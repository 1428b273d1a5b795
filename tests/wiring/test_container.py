"""Every port bound in setup/spec.json resolves from the app's container; a
binding the spec makes on settings (`when`) from a container built with
settings under which it holds."""

import importlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from dishka import AsyncContainer
from starlette.requests import Request

from app.infrastructure.adapters.caching_product_reader import (  # demo: catalog
    CachingProductReader,
    InvalidatingProductDataMapper,
    ProductCacheInvalidatingTransaction,
)
from app.infrastructure.auth.session_cookie import track_session_cookie
from setup.config import Settings
from setup.ioc.activation import settings_for_check
from setup.ioc.registry import make_container
from tests.support.settings import settings_for

SPEC = Path(__file__).resolve().parents[2] / "setup" / "spec.json"

# The hand-written Dishka decorators (setup/ioc/): each keeps the object it
# decorates in `_inner`.
DECORATORS: tuple[type[Any], ...] = (
    # region demo: catalog
    CachingProductReader,
    InvalidatingProductDataMapper,
    ProductCacheInvalidatingTransaction,
    # endregion
)


def _undecorated(resolved: Any) -> Any:
    """The adapter the spec binds, under the decorators wrapping it."""
    while isinstance(resolved, DECORATORS):
        resolved = resolved._inner
    return resolved


def _import(dotted: str) -> Any:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _bindings(scope: str) -> list[tuple[str, Any, Any, dict[str, bool]]]:
    """(port name, port, adapter, the settings set or unset for it to be
    bound) of each binding in `scope`."""
    components = json.loads(SPEC.read_text())["components"]
    found = []
    for component in components:
        if component["scope"] != scope:
            continue
        cls = _import(f"{component['module']}.{component['class_name']}")
        when = component.get("when") or []
        conditions = {
            condition["setting"]: condition.get("set", True)
            for condition in ([when] if isinstance(when, dict) else when)
        }
        ports = component.get("implements") or []
        for port in [ports] if isinstance(ports, str) else ports:
            found.append((port.rpartition(".")[2], _import(port), cls, conditions))
        if not ports:
            found.append((component["class_name"], cls, cls, conditions))
    return found


def _binding_id(value: object) -> str | None:
    """The port's name, and the conditions of a conditional binding."""
    if isinstance(value, dict):
        return (
            ",".join(f"{k}={'set' if v else 'unset'}" for k, v in value.items())
            or "always"
        )
    if isinstance(value, str):
        return value
    name = getattr(value, "__name__", None)
    return name if isinstance(name, str) else None


def _request() -> Request:
    scope: dict[str, Any] = {
        "type": "http",
        "headers": [],
        "method": "GET",
        "path": "/",
    }
    track_session_cookie(scope)
    return Request(scope)


@pytest.fixture
def settings(database_url: str) -> Settings:
    # Values the conditional adapters are made from where their setting is
    # set (settings_for_check keeps them; its stand-in is no bucket URL).
    # Nothing connects: an adapter's client is created on first use.
    return settings_for(database_url, s3_bucket_url="s3://wiring-test")


@pytest.fixture
async def container(
    settings: Settings, conditions: dict[str, bool]
) -> AsyncIterator[AsyncContainer]:
    container = make_container(settings_for_check(settings, conditions))
    yield container
    await container.close()


def test_the_spec_binds_something_in_each_scope() -> None:
    assert _bindings("app")
    assert _bindings("request")


@pytest.mark.parametrize(
    ("port_name", "port", "adapter", "conditions"),
    _bindings("app"),
    ids=_binding_id,
)
async def test_app_scoped_port_resolves_to_its_adapter(
    container: AsyncContainer, port_name: str, port: Any, adapter: Any
) -> None:
    resolved = await container.get(port)

    assert isinstance(resolved, adapter), port_name
    assert await container.get(port) is resolved  # one per app


@pytest.mark.parametrize(
    ("port_name", "port", "adapter", "conditions"),
    _bindings("request"),
    ids=_binding_id,
)
async def test_request_scoped_port_resolves_to_its_adapter(
    container: AsyncContainer, port_name: str, port: Any, adapter: Any
) -> None:
    async with container(context={Request: _request()}) as first:
        resolved = await first.get(port)
        assert isinstance(_undecorated(resolved), adapter), port_name
        assert await first.get(port) is resolved
    async with container(context={Request: _request()}) as second:
        assert await second.get(port) is not resolved  # one per request
