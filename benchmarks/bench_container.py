"""How long the Dishka container takes to build and to resolve every binding.

For each size it writes a synthetic project (benchmarks/synthetic_project.py),
runs `sync` on it (untimed), then times, best of `--repeat` runs, with the
bytecode cache warm:

- import: importing setup.ioc.registry, which imports the generated provider
  modules and through them every port and adapter module;
- build (strict): the project's own `make_container()`, which passes
  Dishka's STRICT_VALIDATION exactly as setup/ioc/registry.py does in the
  service (and which `scripts/add-adapter check` calls);
- build (no validation): the same providers with `skip_validation=True`, to
  show what the graph validation costs;
- first request: on a new container, open a request scope and resolve every
  port and the use case once (Dishka compiles each factory on first use and
  creates the app-scoped adapters);
- later request: the same in a second request scope of that container.

    .venv/bin/python benchmarks/bench_container.py [--sizes 1000] [--repeat 5]
"""

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "scripts")]

from dishka import AsyncContainer, Provider, make_async_container  # noqa: E402

from add_adapter.introspection.project_imports import (  # noqa: E402
    activate_project,
    import_object,
)
from add_adapter.paths import Project  # noqa: E402
from add_adapter.sync.wiring import sync  # noqa: E402
from benchmarks.synthetic_project import (  # noqa: E402
    USE_CASE,
    port_paths,
    write_synthetic_project,
)
from benchmarks.timing import (  # noqa: E402
    best_of,
    forget_project_modules,
    format_table,
    machine_summary,
    use_bytecode_cache,
)

REGISTRY = "setup.ioc.registry"
PROVIDER_CLASSES = (
    "setup.ioc.domain.DomainPortsProvider",
    "setup.ioc.application.ApplicationPortsProvider",
    "setup.ioc.use_cases.UseCasesProvider",
)
STEPS = (
    "import",
    "build (strict)",
    "build (no validation)",
    "first request",
    "later request",
)


@dataclass(frozen=True)
class Wiring:
    """What the benchmark needs from a synced project, once imported."""

    make_container: Callable[[], AsyncContainer]
    providers: tuple[type[Provider], ...]
    types: tuple[type[object], ...]
    """Every port, then the use case."""


def main() -> None:
    arguments = _parse_arguments()
    use_bytecode_cache(True)
    print(machine_summary())
    # region demo: orders
    print(_request_graphs(arguments.database_url))
    if arguments.request_graph_only:
        return
    # endregion
    print(f"every figure below is the best of {arguments.repeat} runs\n")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-container-") as temporary:
        for size in sorted(set(arguments.sizes)):
            root = write_synthetic_project(Path(temporary) / f"p{size}", size)
            seconds = _measure(Project(root), size, arguments.repeat)
            per_binding = [f"{s:.3f} ({s / size * 1e6:,.0f} µs)" for s in seconds]
            rows.append([f"{size:,}", *per_binding])
    print("## Dishka container, seconds (and per binding)\n")
    print(format_table(["bindings", *STEPS], rows))


def _parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time building and using the container of a synthetic project."
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000], metavar="N")
    parser.add_argument("--repeat", type=int, default=5, metavar="K")
    # region demo: orders
    parser.add_argument(
        "--database-url",
        help="the service's DATABASE_URL for the request graphs (none is "
        "connected to); SQLite in memory by default",
    )
    parser.add_argument(
        "--request-graph-only",
        action="store_true",
        help="time the service's request graphs, not the synthetic projects",
    )
    # endregion
    arguments = parser.parse_args()
    if min(arguments.sizes) < 2 or arguments.repeat < 1:
        parser.error("sizes must be at least 2 and --repeat at least 1")
    return arguments


# region demo: orders
def _request_graphs(database_url: str | None) -> str:
    """On the service's real container (setup/ioc/registry.py's
    `make_container`; SQLite in memory unless `--database-url`: no statement
    is sent), an order read's request graph and a cached product page's
    (benchmarks/request_graph.py): the request scope opened, the use case
    resolved, the scope closed; the same objects built by hand; and the
    difference, the container's own share (issue 15: the order read's at
    most 10 us). Microseconds, the best of five batches of 2,000."""
    # The service's own app and setup packages, not a synthetic project's.
    activate_project(Project(REPO_ROOT))
    from benchmarks.request_graph import DEFAULT_DATABASE_URL, request_graphs

    graphs = asyncio.run(request_graphs(database_url or DEFAULT_DATABASE_URL))
    rows = [
        [
            name,
            f"{graph.container:.1f}",
            f"{graph.by_hand:.1f}",
            f"{graph.container_share:.1f}",
        ]
        for name, graph in (
            ("order read (GetOrder)", graphs.order_read),
            ("product page (ListProducts)", graphs.product_page),
        )
    ]
    header = ["request graph, us", "container", "by hand", "container's share"]
    table = format_table(header, rows)
    return f"## The service's request graphs, us\n\n{table}\n"


# endregion


def _measure(project: Project, bindings: int, repeat: int) -> list[float]:
    sync(project)
    activate_project(project)
    wiring = _import_wiring(bindings)  # also writes the bytecode

    def import_registry() -> None:
        import_object(f"{REGISTRY}.make_container")

    imported = best_of(repeat, import_registry, before=forget_project_modules)
    wiring = _import_wiring(bindings)

    built: list[AsyncContainer] = []
    strict = best_of(repeat, lambda: built.append(wiring.make_container()))
    unvalidated = best_of(
        repeat,
        lambda: built.append(
            make_async_container(
                *(provider() for provider in wiring.providers), skip_validation=True
            )
        ),
    )
    asyncio.run(_close(built))

    requests = [asyncio.run(_resolve_twice(wiring)) for _ in range(repeat)]
    first = min(first for first, _ in requests)
    later = min(later for _, later in requests)
    return [imported, strict, unvalidated, first, later]


def _import_wiring(bindings: int) -> Wiring:
    forget_project_modules()
    make_container = cast(
        "Callable[[], AsyncContainer]", import_object(f"{REGISTRY}.make_container")
    )
    providers = tuple(
        cast("type[Provider]", import_object(path)) for path in PROVIDER_CLASSES
    )
    types = tuple(
        cast("type[object]", import_object(path))
        for path in (*port_paths(bindings), USE_CASE)
    )
    return Wiring(make_container, providers, types)


async def _close(containers: list[AsyncContainer]) -> None:
    for container in containers:
        await container.close()


async def _resolve_twice(wiring: Wiring) -> tuple[float, float]:
    """Seconds to resolve everything in a new container's first request
    scope, then in its second one."""
    container = wiring.make_container()
    try:
        first = await _resolve_all(container, wiring.types)
        later = await _resolve_all(container, wiring.types)
    finally:
        await container.close()
    return first, later


async def _resolve_all(
    container: AsyncContainer, types: tuple[type[object], ...]
) -> float:
    started = time.perf_counter()
    async with container() as request:
        for dependency in types:
            resolved = await request.get(dependency)
            if dependency not in type(resolved).__mro__:
                raise SystemExit(f"{dependency} resolved to {resolved!r}")
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
