"""Where an addition's in-memory twin lives. Builders plan every twin as a
test double beside the tests (DOUBLES_PACKAGE). A twin the spec binds, where
a setting leaves its port without its adapter (a cache's, where REDIS_URL is
unset: bound_when.py), is an adapter the app runs on: `place_bound_twins`
moves it into the app (IN_MEMORY_PACKAGE), and the files planned with it
import it from there."""

from collections.abc import Sequence
from pathlib import Path

from add_adapter.paths import DOUBLES_PACKAGE, IN_MEMORY_PACKAGE
from add_adapter.scaffold.addition import Addition, PlannedFile
from add_adapter.scaffold.batch import Batch, module_of
from add_adapter.scaffold.packages import ensure_package
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.specification.model import Component

DOUBLES_DIRECTORY = Path(*DOUBLES_PACKAGE.split("."))


def double_module(class_name: str) -> str:
    """Where a twin is planned: `InMemorySessionCache` ->
    `tests.support.doubles.in_memory_session_cache`."""
    return module_of(class_name, DOUBLES_PACKAGE)


def ensure_doubles_package(batch: Batch, addition: Addition) -> None:
    """`__init__.py` in tests/, tests/support/ and tests/support/doubles/."""
    parts = DOUBLES_DIRECTORY.parts
    for depth in range(1, len(parts) + 1):
        ensure_package(batch, addition, Path(*parts[:depth]))


def place_bound_twins(
    batch: Batch, requests: Sequence[AdapterRequest], additions: Sequence[Addition]
) -> None:
    """Moves into the app each twin the spec will bind: one bound by this
    command, or one the spec binds already (the same command run again)."""
    listed = {c.class_name: c.module for c in batch.spec.components}
    for request, addition in zip(requests, additions, strict=True):
        twin = addition.stand_in or addition.twin
        if twin is None or not addition.writes(batch.index.module_path(twin.module)):
            continue
        bound = any(c.class_name == twin.class_name for c in addition.components)
        if not bound and twin.class_name not in listed:
            continue
        module = listed.get(twin.class_name) or module_of(
            twin.class_name, IN_MEMORY_PACKAGE
        )
        if module != twin.module:
            _move(batch, request, addition, twin, module)
    _drop_unused_package(batch, additions)


def _move(
    batch: Batch,
    request: AdapterRequest,
    addition: Addition,
    twin: Component,
    module: str,
) -> None:
    index = batch.index
    old_path, path = index.module_path(twin.module), index.module_path(module)
    batch.claim(path, addition.owner, request.where("class_name"))
    del batch.planned_paths[old_path]
    ensure_package(batch, addition, path.parent)
    old_import, new_import = f"from {twin.module} import", f"from {module} import"
    addition.files[:] = [
        PlannedFile(
            path if planned.path == old_path else planned.path,
            planned.text.replace(old_import, new_import),
            planned.owner,
        )
        for planned in addition.files
    ]
    moved = {"module": module, "code_path": path.as_posix()}
    addition.components[:] = [
        c.model_copy(update=moved) if c.class_name == twin.class_name else c
        for c in addition.components
    ]


def _drop_unused_package(batch: Batch, additions: Sequence[Addition]) -> None:
    """The `__init__.py` files planned for the doubles' package, when every
    twin planned there has moved and nothing else is planned under it."""
    parts = DOUBLES_DIRECTORY.parts
    for depth in range(len(parts), 0, -1):
        directory = Path(*parts[:depth])
        init = directory / "__init__.py"
        planned = [f.path for a in additions for f in a.files]
        if init not in planned or any(
            path.is_relative_to(directory) and path != init for path in planned
        ):
            return
        for addition in additions:
            addition.files[:] = [f for f in addition.files if f.path != init]
        del batch.planned_paths[init]
