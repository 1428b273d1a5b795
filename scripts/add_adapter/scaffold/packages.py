"""The packages an addition starts: an `__init__.py` for each new directory
of Python code (never removed with the addition)."""

from pathlib import Path

from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch


def ensure_package(batch: Batch, addition: Addition, directory: Path) -> None:
    """An `__init__.py` for a package the scaffolder starts (never removed)."""
    init = directory / "__init__.py"
    if not batch.index.exists(init) and init not in batch.planned_paths:
        batch.planned_paths[init] = addition.owner
        addition.add(init, "")


def ensure_packages(batch: Batch, addition: Addition, directory: Path) -> None:
    """`__init__.py` in every directory from src/app down to `directory`."""
    parts = directory.parts
    for depth in range(3, len(parts) + 1):  # src/app/<first package> onwards
        ensure_package(batch, addition, Path(*parts[:depth]))
