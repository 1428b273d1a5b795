"""What Dishka's strict validation leaves out for conditional bindings: it
skips inactive factories, but accepts an active one whose dependency has
only inactive factories (RedisCache bound with CACHE_URL set, needing a
client provided only with REDIS_URL set). The container builds; the first
request that needs the adapter fails.

This reads the built container's registries, where each factory's
activation is already decided (static activation: markers decided from the
context, as the settings are). Factories whose activation is decided per
request are left alone.
"""

from collections.abc import Iterator
from itertools import chain

from dishka.dependency_source import Factory
from dishka.entities.factory_type import FactoryType
from dishka.entities.key import DependencyKey
from dishka.entities.marker import BaseMarker, BoolMarker
from dishka.registry import Registry
from dishka.text_rendering.name import get_name

ACTIVE = BoolMarker(True)
INACTIVE = BoolMarker(False)
_NOT_CHECKED = (FactoryType.SELECTOR, FactoryType.CONTEXT)


def inactive_dependency_problems(container: object) -> list[str] | None:
    """One message per active factory needing something no active factory
    provides; None if `container` is not a Dishka container."""
    registry = getattr(container, "registry", None)
    if not isinstance(registry, Registry):
        return None
    registries = list(_chain(registry))
    problems: dict[str, None] = {}  # in order, without repeats
    for index, current in enumerate(registries):
        for factory in list(current.factories.values()):
            if factory.when_active != ACTIVE or factory.type in _NOT_CHECKED:
                continue
            if isinstance(factory.provides.type_hint, BaseMarker):
                continue  # an activator: it needs the settings, nothing bound
            for dependency in chain(
                factory.dependencies, factory.kw_dependencies.values()
            ):
                if _is_inactive(dependency, registries[: index + 1]):
                    problems[_describe(factory, dependency)] = None
    return list(problems)


def _chain(registry: Registry | None) -> Iterator[Registry]:
    """The registry of each scope, outermost first."""
    while registry is not None:
        yield registry
        registry = registry.child_registry


def _is_inactive(dependency: DependencyKey, registries: list[Registry]) -> bool:
    """Found where the validator looks for it, and decided inactive."""
    if dependency.is_const() or dependency.is_type_var():
        return False
    if any(dependency == r.container_key for r in registries):
        return False
    for registry in registries:
        found = registry.get_factory(dependency)
        if found is not None:
            return found.when_active == INACTIVE
    return False


def _describe(factory: Factory, dependency: DependencyKey) -> str:
    source = get_name(factory.source, include_module=False)
    provides = get_name(factory.provides.type_hint, include_module=False)
    needed = get_name(dependency.type_hint, include_module=True)
    return (
        f"{source} (bound as {provides}) needs {needed}, "
        "which no active factory provides"
    )
