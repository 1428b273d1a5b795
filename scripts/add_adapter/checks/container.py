"""Check 9: the Dishka container builds with strict validation, through the
project's own `setup.ioc.registry.build_container_for_check()`: once, or,
when the spec binds adapters on settings (`when`), once per combination of
those settings, `build_container_for_check({"REDIS_URL": True, ...})`."""

import asyncio
import importlib
import importlib.util
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from add_adapter.checks.active_graph import inactive_dependency_problems
from add_adapter.introspection.project_imports import describe_exception
from add_adapter.paths import CONTAINER_CHECK_FUNCTION, CONTAINER_CHECK_MODULE
from add_adapter.specification.conditions import (
    MAX_EXHAUSTIVE_SETTINGS,
    combinations_to_build,
    describe,
)
from add_adapter.specification.model import Spec

TARGET = f"{CONTAINER_CHECK_MODULE}.{CONTAINER_CHECK_FUNCTION}"


@dataclass
class ContainerCheck:
    """What building the container showed: problems, or a note if skipped."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check_container(spec: Spec) -> ContainerCheck:
    """Call the project's container check function (awaiting it if it is
    async) for each combination of settings; a missing registry module skips
    the check with a note."""
    result = ContainerCheck()
    try:
        found = importlib.util.find_spec(CONTAINER_CHECK_MODULE) is not None
    except ModuleNotFoundError:
        found = False
    if not found:
        result.notes.append(
            f"container check skipped: {CONTAINER_CHECK_MODULE} does not exist"
        )
        return result
    try:
        module = importlib.import_module(CONTAINER_CHECK_MODULE)
        build = getattr(module, CONTAINER_CHECK_FUNCTION)
        if not spec.condition_settings:
            _build(build)
            return result
    except Exception as error:  # Dishka reports graph problems as exceptions
        result.problems.append(
            f"the container does not build ({TARGET}): {describe_exception(error)}"
        )
        return result
    _check_combinations(build, spec.condition_settings, result)
    return result


def _check_combinations(
    build: Callable[..., object], settings: tuple[str, ...], result: ContainerCheck
) -> None:
    """Build once per combination; each failure is reported once, with every
    combination it happens in."""
    if not _takes_an_argument(build):
        result.problems.append(
            f"{TARGET}() takes no argument, so the container cannot be built "
            f"for each combination of {', '.join(settings)}: accept a mapping "
            "of setting name to whether it is set (see README, `when`)"
        )
        return
    combinations = combinations_to_build(settings)
    # (what failed, why) -> the combinations it failed in
    failures: dict[tuple[str, str], list[dict[str, bool]]] = {}
    unchecked = False
    for combination in combinations:
        try:
            container = _build(build, dict(combination))
        except Exception as error:  # Dishka reports graph problems as exceptions
            failure = ("does not build", describe_exception(error))
            failures.setdefault(failure, []).append(combination)
            continue
        inactive = inactive_dependency_problems(container)
        unchecked = unchecked or inactive is None
        for problem in inactive or []:
            failures.setdefault(("does not validate", problem), []).append(combination)
    for (failed_how, why), failed in failures.items():
        where = (
            "in every combination"
            if len(failed) == len(combinations)
            else " and ".join(f"with {describe(c)}" for c in failed)
        )
        result.problems.append(f"the container {failed_how} {where} ({TARGET}): {why}")
    result.notes.append(_what_was_built(settings, len(combinations)))
    if unchecked:
        result.notes.append(
            f"{TARGET} returned no container, so bindings that need an inactive "
            "one were not looked for (Dishka's validation does not)"
        )


def _build(build: Callable[..., object], *arguments: object) -> object:
    outcome = build(*arguments)
    if inspect.isawaitable(outcome):
        return asyncio.run(_wait_for(outcome))
    return outcome


def _takes_an_argument(build: Callable[..., object]) -> bool:
    try:
        inspect.signature(build).bind(object())
    except TypeError:
        return False
    except ValueError:  # no signature to read: try it
        return True
    return True


def _what_was_built(settings: tuple[str, ...], count: int) -> str:
    names = ", ".join(settings)
    if len(settings) <= MAX_EXHAUSTIVE_SETTINGS:
        return f"container built for all {count} combinations of {names}"
    return (
        f"container built for {count} combinations of the {len(settings)} "
        f"settings in when ({names}), covering every pair of them "
        f"(all {2 ** len(settings)} would be too many)"
    )


async def _wait_for(awaitable: Awaitable[object]) -> object:
    return await awaitable
