"""What the benchmark scripts share: timing, and printing tables."""

import gc
import importlib
import math
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

PROJECT_PACKAGES = ("app", "setup")
"""Top-level packages of a managed project (as in
add_adapter.introspection.project_imports)."""


def forget_project_modules() -> None:
    """Drop every imported `app`/`setup` module, so the next import runs the
    modules again, as a fresh `scripts/add-adapter` process would."""
    for name in list(sys.modules):
        if name.split(".")[0] in PROJECT_PACKAGES:
            del sys.modules[name]
    importlib.invalidate_caches()


def use_bytecode_cache(enabled: bool) -> None:
    """Whether imports in this process write `__pycache__` (reading it is
    always on). The environment may set PYTHONDONTWRITEBYTECODE; benchmarks
    say which case they measure instead of inheriting it."""
    sys.dont_write_bytecode = not enabled


def remove_bytecode(root: Path) -> None:
    """Delete every `__pycache__` under `root`, so the next import compiles."""
    for cache in sorted(root.rglob("__pycache__")):
        shutil.rmtree(cache)


def subprocess_environment(*, bytecode_cache: bool) -> dict[str, str]:
    """This process's environment, with PYTHONDONTWRITEBYTECODE set or unset
    to match `bytecode_cache`."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    if not bytecode_cache:
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
    return environment


def best_of(
    runs: int,
    action: Callable[[], object],
    before: Callable[[], object] | None = None,
    *,
    collect_garbage: bool = True,
) -> float:
    """The shortest of `runs` timings of `action`, in seconds. `before` runs
    (untimed) ahead of each one, then a full garbage collection so that one
    run's garbage is not collected during the next. With `collect_garbage`
    false the cyclic garbage collector is off while `action` runs."""
    best = math.inf
    for _ in range(runs):
        if before is not None:
            before()
        gc.collect()
        if not collect_garbage:
            gc.disable()
        try:
            started = time.perf_counter()
            action()
            best = min(best, time.perf_counter() - started)
        finally:
            gc.enable()
    return best


def growth(
    seconds: float, size: int, reference_seconds: float, reference: int
) -> float:
    """How time grew against size: 1.0 is linear, above 1.0 worse."""
    return (seconds / reference_seconds) / (size / reference)


def machine_summary() -> str:
    """One line saying what the figures were measured on."""
    return (
        f"Python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs"
    )


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table: the first column left-aligned, the others (numbers)
    right-aligned, columns padded so it reads in a terminal too."""
    table = [list(header), *[list(row) for row in rows]]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = ["-" * widths[0]] + ["-" * (width - 1) + ":" for width in widths[1:]]
    return "\n".join(line(row) for row in [table[0], rule, *table[1:]])
