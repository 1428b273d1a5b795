"""Every provider the container is built from, generated and hand-written."""

from collections.abc import Mapping, Sequence
from typing import Any

from dishka import STRICT_VALIDATION, AsyncContainer, Provider, make_async_container
from dishka.integrations.fastapi import FastapiProvider

from setup.config import Settings
from setup.ioc.activation import ActivationProvider, settings_for_check
from setup.ioc.adapter_configs import AdapterConfigsProvider
from setup.ioc.application import ApplicationPortsProvider
from setup.ioc.catalog import (  # demo: catalog
    CatalogSettingsProvider,
    ProductCachingProvider,
)
from setup.ioc.domain import DomainPortsProvider
from setup.ioc.orders import OrdersSettingsProvider  # demo: orders
from setup.ioc.resources import (
    DatabaseProvider,
    HashingProvider,
    HealthProvider,
    HttpAuthProvider,
    HttpClientProvider,
    MessagingProvider,
    RabbitMqProvider,
    RedisProvider,
    S3Provider,
    SettingsProvider,
)
from setup.ioc.use_cases import UseCasesProvider
from setup.messaging.subscription import Subscription
from setup.subscriptions import SUBSCRIPTIONS


def all_providers(
    settings: Settings,
    subscriptions: Sequence[Subscription[Any]] = SUBSCRIPTIONS,
) -> tuple[Provider, ...]:
    return (
        SettingsProvider(),
        CatalogSettingsProvider(),  # demo: catalog
        OrdersSettingsProvider(),  # demo: orders
        # Decides the generated bindings' when= markers from the settings.
        ActivationProvider(),
        # The HTTP clients' Config objects (generated from the spec).
        AdapterConfigsProvider(),
        DatabaseProvider(),
        HashingProvider(),
        HttpClientProvider(),
        # Clients of the backing services scaffolded adapters use; each is
        # created (and connects) only when an adapter needs it.
        RedisProvider(),
        RabbitMqProvider(),
        S3Provider(),
        # The outbox relay, and a consumer per subscription.
        MessagingProvider(subscriptions),
        HttpAuthProvider(settings),
        # Puts the current starlette Request into the request scope.
        FastapiProvider(),
        DomainPortsProvider(),
        ApplicationPortsProvider(),
        UseCasesProvider(),
        # Decorators: must come after the providers of what they decorate.
        ProductCachingProvider(settings.product_cache()),  # demo: catalog
        HealthProvider(),
    )


def make_container(
    settings: Settings,
    *,
    subscriptions: Sequence[Subscription[Any]] = SUBSCRIPTIONS,
    providers: Sequence[Provider] = (),
) -> AsyncContainer:
    """The app's (and the worker's) container; strict validation fails at
    start-up, not per request. ``providers`` adds to the service's own, e.g.
    the handlers of subscriptions a test makes."""
    return make_async_container(
        *all_providers(settings, subscriptions),
        *providers,
        context={Settings: settings},
        validation_settings=STRICT_VALIDATION,
        # No lock around the app scope: Dishka's (an asyncio.Lock) was taken
        # on every app-scoped object a request asked for, four times an order
        # read (about 2 us of it). All it prevents is two coroutines creating
        # one app-scoped object twice, which needs its factory to suspend
        # (await I/O) between Dishka's cache check and its store. None does:
        # each makes its client and connects on first use (see the providers
        # in resources.py). tests/wiring/test_app_scope.py fails on one that
        # awaits: create such an object in the lifespan, before requests come.
        lock_factory=None,
    )


def build_container_for_check(
    settings_set: Mapping[str, bool] | None = None,
) -> AsyncContainer:
    """Builds the graph as the app does (used by `scripts/add-adapter check`,
    once per combination of the settings the spec's `when` conditions name:
    `settings_set` says which of them are set)."""
    return make_container(settings_for_check(Settings(), settings_set or {}))
