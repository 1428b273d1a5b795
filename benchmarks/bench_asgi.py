"""The service's request path against the hand-wired app (http_baseline.py),
in process: microseconds per request and the share per route.

bench_http.py's routes, data and check that both apps answer alike
(benchmarks/request_path.py), without a server or a network: each request
goes through an httpx client's ASGITransport straight into the app, one at
a time, in this process, on uvloop as under uvicorn. What is left is the
apps' own work per request (and the client's, the same for both), so a
change to the request path shows here in seconds, where bench_http.py needs
minutes and a quiet machine. Batches of each app alternate, round after
round, so a neighbour's burst hits both alike.

    .venv/bin/python benchmarks/bench_asgi.py [--batch 500] [--rounds 5]
        [--routes order-read cache-hit cache-miss place-order]
    .venv/bin/python benchmarks/bench_asgi.py --profile cache-hit  # profiled

Both apps use one fresh PostgreSQL database, made, migrated and dropped
here (TEST_POSTGRES_URL's server).
"""

import argparse
import asyncio
import cProfile
import itertools
import os
import pstats
import statistics
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "src")]

import httpx  # noqa: E402
import uvloop  # noqa: E402
from asgi_lifespan import LifespanManager  # noqa: E402
from fastapi import FastAPI  # noqa: E402

from benchmarks.request_path import (  # noqa: E402
    APPS,
    ROUTES,
    SESSION_COOKIE,
    CallMaker,
    Seeded,
    interleaved,
    route_calls,
    same_answers,
    seed,
)
from benchmarks.timing import format_table, machine_summary  # noqa: E402
from setup.app_factory import create_app  # noqa: E402
from setup.config import Settings  # noqa: E402
from tests.support.databases import (  # noqa: E402
    create_postgres_database,
    drop_postgres_database,
    migrate,
)

BASE_URL = "http://127.0.0.1"


@dataclass(frozen=True, slots=True)
class Apps:
    service: FastAPI
    baseline: FastAPI

    def by_name(self) -> dict[str, FastAPI]:
        return {"service": self.service, "baseline": self.baseline}


@asynccontextmanager
async def running_apps(database_url: str) -> AsyncIterator[Apps]:
    """The service (its lifespan run: container, relay) and the baseline
    (its lifespan run: its relay), both on ``database_url``."""
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        run_migrations_on_startup=False,
        session_cookie_name=SESSION_COOKIE,
        # The client speaks plain HTTP to the app.
        session_cookie_secure=False,
    )
    service = create_app(settings)
    # The baseline makes its engine from DATABASE_URL when imported.
    os.environ["DATABASE_URL"] = database_url
    from benchmarks import http_baseline

    try:
        # Both lifespans run: each app's outbox relay works beside its requests.
        async with LifespanManager(service), LifespanManager(http_baseline.app):
            yield Apps(service, http_baseline.app)
    finally:
        await http_baseline.engine.dispose()


def client_of(app: FastAPI, cookie: str | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=BASE_URL,
        cookies=None if cookie is None else {SESSION_COOKIE: cookie},
    )


@dataclass(frozen=True, slots=True)
class Batch:
    """Microseconds per request of a batch: wall clock, and this process's
    CPU (both apps and the client run here, the database elsewhere; on a
    shared machine the CPU moves less than the wall clock)."""

    micros: float
    cpu_micros: float


async def timed_batch(
    client: httpx.AsyncClient,
    make: CallMaker,
    counter: "itertools.count[int]",
    size: int,
) -> Batch:
    """Microseconds per request over ``size`` requests sent one at a time."""
    cpu_started = time.process_time()
    started = time.perf_counter()
    for _ in range(size):
        call = make(next(counter))
        response = await client.request(
            call.method, call.path, content=call.body or None, headers=call.headers
        )
        if not 200 <= response.status_code < 300:
            raise RuntimeError(f"{call.method} {call.path}: {response.text}")
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    return Batch(wall / size * 1e6, cpu / size * 1e6)


async def measure(
    arguments: argparse.Namespace, clients: dict[str, httpx.AsyncClient], seeded: Seeded
) -> dict[tuple[str, str], list[Batch]]:
    """Microseconds per request of each batch, by route and app."""
    makers = route_calls(seeded)
    counter = itertools.count()
    timings: dict[tuple[str, str], list[Batch]] = {
        (route, app): [] for route in arguments.routes for app in APPS
    }
    for route in arguments.routes:
        # Untimed: each app's first requests compile and fill what they keep.
        for app in APPS:
            await timed_batch(clients[app], makers[route], counter, 50)
    for round_number, route, app in interleaved(arguments.rounds, arguments.routes):
        batch = await timed_batch(clients[app], makers[route], counter, arguments.batch)
        timings[route, app].append(batch)
        print(
            f"round {round_number} {route:12} {app:8} {batch.micros:7.0f} us"
            f" ({batch.cpu_micros:.0f} us CPU)",
            file=sys.stderr,
        )
    return timings


HEADER = [
    "route",
    "service us/request",
    "baseline us/request",
    "share",
    "shares by round",
    "CPU us, service / baseline",
    "CPU share",
]


def report(timings: dict[tuple[str, str], list[Batch]], routes: list[str]) -> str:
    """Per route: the median batch of each app, and the service's share of the
    baseline's speed (the baseline's time over the service's), by the wall
    clock and by this process's CPU."""
    rows = []
    for route in routes:
        service = [batch.micros for batch in timings[route, "service"]]
        baseline = [batch.micros for batch in timings[route, "baseline"]]
        cpu_service = statistics.median(b.cpu_micros for b in timings[route, "service"])
        cpu_baseline = statistics.median(
            b.cpu_micros for b in timings[route, "baseline"]
        )
        by_round = [b / s for s, b in zip(service, baseline, strict=True)]
        rows.append(
            [
                route,
                f"{statistics.median(service):.0f}",
                f"{statistics.median(baseline):.0f}",
                f"{statistics.median(baseline) / statistics.median(service):.2f}x",
                f"{min(by_round):.2f}-{max(by_round):.2f}x",
                f"{cpu_service:.0f} / {cpu_baseline:.0f}",
                f"{cpu_baseline / cpu_service:.2f}x",
            ]
        )
    return format_table(HEADER, rows)


@contextmanager
def profiled(top: int = 35) -> Iterator[None]:
    """cProfile over the block; prints the functions by cumulative and by
    own time."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        stats = pstats.Stats(profile)
        stats.strip_dirs().sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)


async def profile_route(
    route: str, batch: int, client: httpx.AsyncClient, seeded: Seeded
) -> None:
    make = route_calls(seeded)[route]
    counter = itertools.count()
    await timed_batch(client, make, counter, 50)
    with profiled():
        timed = await timed_batch(client, make, counter, batch)
    print(f"{route}: {timed.micros:.0f} us per request under the profiler")


async def run(arguments: argparse.Namespace) -> None:
    database_url = await create_postgres_database()
    try:
        await migrate(database_url)
        async with running_apps(database_url) as apps:
            async with client_of(apps.service) as customer:
                seeded = await seed(customer, database_url)
            clients = {
                name: client_of(app, seeded.cookie)
                for name, app in apps.by_name().items()
            }
            try:
                await same_answers(clients, seeded)
                if arguments.profile is not None:
                    await profile_route(
                        arguments.profile, arguments.batch, clients["service"], seeded
                    )
                    return
                timings = await measure(arguments, clients, seeded)
            finally:
                for client in clients.values():
                    await client.aclose()
    finally:
        await drop_postgres_database(database_url)
    print(machine_summary())
    print(
        f"{arguments.rounds} interleaved rounds of {arguments.batch} requests per "
        "app and route, one at a time, in process (httpx ASGITransport, uvloop)"
    )
    print(report(timings, arguments.routes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--routes", nargs="+", choices=ROUTES, default=list(ROUTES))
    parser.add_argument(
        "--profile",
        choices=ROUTES,
        help="profile the service on this route (one batch) instead of measuring",
    )
    # The event loop uvicorn serves the apps on (it picks uvloop when installed).
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
