"""Check 8: the Dishka container builds with strict validation, through the
project's own `setup.ioc.registry.build_container_for_check()`."""

import asyncio
import importlib
import importlib.util
import inspect
from collections.abc import Awaitable
from dataclasses import dataclass, field

from add_adapter.checks.project_imports import describe_exception
from add_adapter.paths import CONTAINER_CHECK_FUNCTION, CONTAINER_CHECK_MODULE


@dataclass
class ContainerCheck:
    """What building the container showed: problems, or a note if skipped."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check_container() -> ContainerCheck:
    """Call the project's container check function (awaiting it if it is
    async); a missing registry module skips the check with a note."""
    result = ContainerCheck()
    target = f"{CONTAINER_CHECK_MODULE}.{CONTAINER_CHECK_FUNCTION}"
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
        outcome = build()
        if inspect.isawaitable(outcome):
            asyncio.run(_wait_for(outcome))
    except Exception as error:  # Dishka reports graph problems as exceptions
        result.problems.append(
            f"the container does not build ({target}): {describe_exception(error)}"
        )
    return result


async def _wait_for(awaitable: Awaitable[object]) -> None:
    await awaitable
