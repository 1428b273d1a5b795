"""A span for every use case and every adapter call, with no code in them.

TracingProvider decorates (in Dishka's sense) every type the generated
providers bind: each port and each use case. The object the container
hands out is then a proxy whose public methods run the real one's inside a
span named ``<Class>.<method>`` (``SqlaUserReader.list_users``,
``SignUp.execute``); everything else passes through. An adapter
scaffolded tomorrow is traced as soon as `sync` binds it. The provider is
added to the container only while tracing is on, so with tracing off there
is no proxy on any call.
"""

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Any

from dishka import Provider, Scope
from opentelemetry.trace import Tracer

from setup.ioc.application import ApplicationPortsProvider
from setup.ioc.domain import DomainPortsProvider
from setup.ioc.use_cases import UseCasesProvider

# The providers generated from setup/spec.json: what they bind is traced.
_GENERATED = (DomainPortsProvider, ApplicationPortsProvider, UseCasesProvider)


class TracedProxy:
    """Runs each public method of ``inner`` inside a span of ``tracer``."""

    def __init__(self, inner: object, tracer: Tracer) -> None:
        self._inner = inner
        self._tracer = tracer
        self._class = type(inner).__name__

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name.startswith("_") or not callable(attribute):
            return attribute
        traced = _traced(attribute, self._tracer, f"{self._class}.{name}")
        # Found here next time, without __getattr__.
        self.__dict__[name] = traced
        return traced


def _traced(method: Callable[..., Any], tracer: Tracer, name: str) -> Any:
    attributes = {"code.function": name}
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def traced_coroutine(*args: Any, **kwargs: Any) -> Any:
            with tracer.start_as_current_span(name, attributes=attributes):
                return await method(*args, **kwargs)

        return traced_coroutine

    @functools.wraps(method)
    def traced_call(*args: Any, **kwargs: Any) -> Any:
        with tracer.start_as_current_span(name, attributes=attributes):
            return method(*args, **kwargs)

    return traced_call


class TracingProvider(Provider):
    """Decorates every bound port and use case with a TracedProxy."""

    def __init__(self, tracer: Tracer) -> None:
        super().__init__(scope=Scope.APP)
        for bound in bound_types():
            self.decorate(_proxy_factory(bound, tracer), provides=bound)


def bound_types() -> list[type]:
    """Each type the generated providers bind, once (a port bound by
    several adapters under `when` conditions is one type). Aliases are left
    out: they resolve to the decorated type they name."""
    found: dict[type, None] = {}
    for provider_class in _GENERATED:
        for factory in _factories(provider_class()):
            found.setdefault(factory.provides.type_hint)
    return list(found)


def _factories(provider: Provider) -> Iterable[Any]:
    return provider.factories


def _proxy_factory(bound: type, tracer: Tracer) -> Callable[..., Any]:
    def proxy(inner: Any) -> Any:
        return TracedProxy(inner, tracer)

    # Dishka reads the decorated type from the parameter's annotation.
    proxy.__annotations__ = {"inner": bound, "return": bound}
    return proxy
