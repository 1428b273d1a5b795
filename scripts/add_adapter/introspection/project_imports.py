"""Importing the managed project's code: from its own root, never from a copy
that happens to be imported already."""

import importlib
import sys
from pathlib import Path
from types import ModuleType

from add_adapter.paths import DEFAULT_ROOT, Project

PROJECT_PACKAGES = ("app", "setup")
"""Top-level packages of a managed project."""


def activate_project(project: Project) -> None:
    """Put the project's src/ and root first on sys.path, drop the default
    repository's from it when another root is managed, and forget any
    `app`/`setup` modules imported from elsewhere, so every import below
    resolves inside `project`."""
    wanted = [str(project.source_path), str(project.root)]
    foreign = set()
    if project.root.resolve() != DEFAULT_ROOT:
        foreign = {str(DEFAULT_ROOT / "src"), str(DEFAULT_ROOT)}
    sys.path[:] = wanted + [p for p in sys.path if p not in wanted and p not in foreign]
    for name in list(sys.modules):
        if name.split(".")[0] in PROJECT_PACKAGES and not _is_inside(
            sys.modules[name], project.root
        ):
            del sys.modules[name]
    importlib.invalidate_caches()


def _is_inside(module: ModuleType, root: Path) -> bool:
    locations = [getattr(module, "__file__", None), *getattr(module, "__path__", [])]
    resolved_root = root.resolve()
    return any(
        location is not None and Path(location).resolve().is_relative_to(resolved_root)
        for location in locations
    )


def import_object(dotted_path: str) -> object:
    """The object `module.Name` names; ImportError/AttributeError (or whatever
    the module raises while importing) propagate to the caller."""
    module_name, _, attribute = dotted_path.rpartition(".")
    module = importlib.import_module(module_name)
    return getattr(module, attribute)


def describe_exception(error: BaseException) -> str:
    """`ModuleNotFoundError: No module named 'x'`."""
    return f"{type(error).__name__}: {error}"
