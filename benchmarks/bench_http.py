"""The service's request path against a hand-wired app (http_baseline.py),
side by side: req/s, p50, p99 and the share per route.

Both run under uvicorn, one worker each, each on its own PostgreSQL
database with the same rows (made and dropped here: the service's
migrations create the tables, the service seeds them, the baseline's is a
copy), so each relays only its own outbox. The same load drives each in
turn, route by route, for several interleaved rounds, so a neighbour's
burst on a shared machine hits both alike; a phase of placements lasts
until the app has relayed every outbox row, so its relay's work counts
there and does not spill into the next phase. The load generator is raw
asyncio HTTP/1.1 on keep-alive connections; its own CPU share is printed so
a saturated client shows up.

    .venv/bin/python benchmarks/bench_http.py [--connections 16] [--seconds 5]
        [--rounds 5] [--routes order-read cache-hit cache-miss place-order]

Routes: order read (signed in, an order of three lines), product page cache
hit (always the same page), product page cache miss (a page never asked
before: each request another limit and offset), place order (two lines, a
new Idempotency-Key each: a write with its outbox row).
"""

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "src")]

import httpx  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from app.infrastructure.messaging.sqla_outbox_backlog import (  # noqa: E402
    SqlaOutboxBacklog,
)
from app.infrastructure.persistence.database import (  # noqa: E402
    create_session_factory,
)
from benchmarks.request_graph import request_graphs  # noqa: E402
from benchmarks.request_path import (  # noqa: E402
    APPS,
    ROUTES,
    SESSION_COOKIE,
    Call,
    CallMaker,
    Seeded,
    interleaved,
    route_calls,
    same_answers,
    seed,
)
from benchmarks.timing import format_table, machine_summary  # noqa: E402
from tests.support.databases import (  # noqa: E402
    create_postgres_database,
    drop_postgres_database,
)
from tests.support.service_processes import (  # noqa: E402
    ServiceProcess,
    start_app,
    stop,
    stopped_at_exit,
    wait_until_serving,
)

ADMIN = ("bench-admin@example.com", "bench-admin-password")


@dataclass
class Phase:
    """One app driven on one route for one round."""

    requests: int = 0
    failures: int = 0
    seconds: float = 0.0
    # Of ``seconds``: after the load, until the app's outbox was relayed.
    draining_seconds: float = 0.0
    client_cpu_seconds: float = 0.0
    # The app's process (its relay's work included), over ``seconds``.
    server_cpu_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def server_micros_per_request(self) -> float:
        return self.server_cpu_seconds / self.requests * 1e6


def process_cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) process ``pid`` has used so far."""
    # /proc/<pid>/stat: fields 14 and 15, after the command in parentheses.
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# A request as bytes, given its number among all requests of the run.
RequestMaker = Callable[[int], bytes]


def http_request(call: Call, cookie: str) -> bytes:
    lines = [
        f"{call.method} {call.path} HTTP/1.1",
        "Host: 127.0.0.1",
        f"Cookie: {SESSION_COOKIE}={cookie}",
        *(f"{name}: {value}" for name, value in call.headers.items()),
    ]
    if call.body:
        lines.append(f"Content-Length: {len(call.body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + call.body


def request_makers(seeded: Seeded) -> dict[str, RequestMaker]:
    def as_bytes(make: CallMaker) -> RequestMaker:
        return lambda n: http_request(make(n), seeded.cookie)

    return {route: as_bytes(make) for route, make in route_calls(seeded).items()}


async def read_response(reader: asyncio.StreamReader) -> int:
    """The status of the next response, its body read and dropped."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


async def drive(
    url: str,
    make: RequestMaker,
    counter: "itertools.count[int]",
    phase: Phase,
    until: float,
) -> None:
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        while time.perf_counter() < until:
            request = make(next(counter))
            started = time.perf_counter()
            writer.write(request)
            status = await read_response(reader)
            phase.latencies.append(time.perf_counter() - started)
            phase.requests += 1
            phase.failures += not 200 <= status < 300
    finally:
        writer.close()


async def run_phase(
    url: str,
    make: RequestMaker,
    counter: "itertools.count[int]",
    connections: int,
    seconds: float,
) -> Phase:
    phase = Phase()
    cpu, started = time.process_time(), time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(drive(url, make, counter, phase, until) for _ in range(connections))
    )
    phase.client_cpu_seconds = time.process_time() - cpu
    phase.seconds = time.perf_counter() - started
    return phase


@asynccontextmanager
async def outbox_backlog(database_url: str) -> AsyncIterator[SqlaOutboxBacklog]:
    """What the relay of the app on ``database_url`` has yet to publish."""
    engine = create_async_engine(database_url)
    try:
        yield SqlaOutboxBacklog(create_session_factory(engine))
    finally:
        await engine.dispose()


async def drained(outbox: SqlaOutboxBacklog) -> float:
    """Seconds until every row of the outbox was published (the app's relay
    running in its process), looked at every 5 ms."""
    started = time.perf_counter()
    # Nothing signals it from the app's process: looked at again and again.
    while True:
        backlog = await outbox.measure()
        if not backlog.unpublished:
            return time.perf_counter() - started
        await asyncio.sleep(0.005)


HEADER = [
    "route",
    "app",
    "req/s (median of rounds)",
    "p50 ms",
    "p99 ms",
    "share (req/s)",
    "shares by round",
    "p99 vs baseline",
    "failed",
    "client CPU",
    "server CPU us/request",
]


def route_rows(route: str, runs: dict[str, list[Phase]]) -> list[list[str]]:
    """The service's row, with its shares of the baseline, then the baseline's."""
    rates = {app: [phase.rate for phase in runs[app]] for app in APPS}
    p99 = {app: percentile(runs[app], 0.99) for app in APPS}
    by_round = [s / b for s, b in zip(rates["service"], rates["baseline"], strict=True)]
    share = statistics.median(rates["service"]) / statistics.median(rates["baseline"])
    comparison = {
        "service": [
            f"{share:.2f}x",
            f"{min(by_round):.2f}-{max(by_round):.2f}x",
            f"{p99['service'] / p99['baseline']:.2f}x",
        ],
        "baseline": ["", "", ""],
    }
    return [
        [
            route,
            app,
            f"{statistics.median(rates[app]):.0f}",
            f"{percentile(runs[app], 0.5):.1f}",
            f"{p99[app]:.1f}",
            *comparison[app],
            str(sum(phase.failures for phase in runs[app])),
            f"{client_cpu(runs[app]):.0%}",
            f"{statistics.median(p.server_micros_per_request for p in runs[app]):.0f}",
        ]
        for app in APPS
    ]


def percentile(runs: list[Phase], quantile: float) -> float:
    """In milliseconds, over every request of every round."""
    ordered = sorted(value for phase in runs for value in phase.latencies)
    return ordered[min(len(ordered) - 1, round(quantile * (len(ordered) - 1)))] * 1000


def client_cpu(runs: list[Phase]) -> float:
    """The load generator's share of one core while it drove these runs."""
    busy = sum(phase.client_cpu_seconds for phase in runs)
    return busy / sum(phase.seconds for phase in runs)


def report(phases: dict[tuple[str, str], list[Phase]], routes: list[str]) -> str:
    rows = [
        row
        for route in routes
        for row in route_rows(route, {app: phases[route, app] for app in APPS})
    ]
    return format_table(HEADER, rows)


async def measure(
    arguments: argparse.Namespace,
    servers: dict[str, ServiceProcess],
    outboxes: dict[str, SqlaOutboxBacklog],
    seeded: Seeded,
) -> str:
    makers = request_makers(seeded)
    counter = itertools.count()
    phases: dict[tuple[str, str], list[Phase]] = {
        (route, app): [] for route in arguments.routes for app in APPS
    }
    for round_number, route, app in interleaved(arguments.rounds, arguments.routes):
        pid = servers[app].process.pid
        server_cpu = process_cpu_seconds(pid)
        phase = await run_phase(
            servers[app].url or "",
            makers[route],
            counter,
            arguments.connections,
            arguments.seconds,
        )
        if route == "place-order":
            phase.draining_seconds = await drained(outboxes[app])
            phase.seconds += phase.draining_seconds
        phase.server_cpu_seconds = process_cpu_seconds(pid) - server_cpu
        phases[route, app].append(phase)
        relayed = (
            f", outbox relayed {phase.draining_seconds:.2f} s after"
            if route == "place-order"
            else ""
        )
        print(
            f"round {round_number} {route:12} {app:8} {phase.rate:7.0f} req/s{relayed}",
            file=sys.stderr,
        )
    return report(phases, arguments.routes)


async def check_same_answers(urls: dict[str, str], seeded: Seeded) -> None:
    cookies = {SESSION_COOKIE: seeded.cookie}
    async with (
        httpx.AsyncClient(base_url=urls["service"], cookies=cookies) as service,
        httpx.AsyncClient(base_url=urls["baseline"], cookies=cookies) as baseline,
    ):
        await same_answers({"service": service, "baseline": baseline}, seeded)


# What uvicorn serves, by app.
ASGI_APPS = {"service": "setup.main:app", "baseline": "benchmarks.http_baseline:app"}


async def seeded_database(
    database_url: str, settings: dict[str, str], logs: Path
) -> Seeded:
    """The database migrated and seeded through a service started for it,
    stopped once its relay has published the seed orders' events."""
    seeder = start_app(
        {**settings, "DATABASE_URL": database_url},
        logs / "seed.log",
        app=ASGI_APPS["service"],
    )
    try:
        await wait_until_serving(seeder)
        async with httpx.AsyncClient(base_url=seeder.url or "", timeout=30) as client:
            seeded = await seed(client, database_url)
        async with outbox_backlog(database_url) as outbox:
            await drained(outbox)
    finally:
        stop(seeder)
    return seeded


async def run(arguments: argparse.Namespace) -> None:
    databases = {"service": await create_postgres_database()}
    logs = Path(tempfile.mkdtemp(prefix="bench-http-"))
    settings = {
        "INITIAL_ADMIN_EMAIL": ADMIN[0],
        "INITIAL_ADMIN_PASSWORD": ADMIN[1],
        "LOG_LEVEL": "WARNING",
        "SESSION_COOKIE_NAME": SESSION_COOKIE,
    }
    services: list[ServiceProcess] = []
    try:
        with stopped_at_exit(services):
            seeded = await seeded_database(databases["service"], settings, logs)
            # A copy (nobody connected to the original now): the same rows,
            # and an outbox of the baseline's own.
            databases["baseline"] = await create_postgres_database(
                template=databases["service"]
            )
            servers = {}
            for app in APPS:
                started = start_app(
                    {**settings, "DATABASE_URL": databases[app]},
                    logs / f"{app}.log",
                    app=ASGI_APPS[app],
                )
                services.append(started)
                await wait_until_serving(started)
                servers[app] = started
            urls = {app: server.url or "" for app, server in servers.items()}
            await check_same_answers(urls, seeded)
            # Before the load, while this process has the machine to itself.
            graphs = await request_graphs(databases["service"])
            async with AsyncExitStack() as stack:
                outboxes = {
                    app: await stack.enter_async_context(outbox_backlog(url))
                    for app, url in databases.items()
                }
                table = await measure(arguments, servers, outboxes, seeded)
    finally:
        for url in databases.values():
            await drop_postgres_database(url)
    print(machine_summary())
    print(
        f"an order read's request graph: {graphs.order_read.container:.1f} us "
        f"through the container, {graphs.order_read.by_hand:.1f} us built by hand "
        "(benchmarks/bench_container.py)"
    )
    print(
        f"{arguments.rounds} interleaved rounds of {arguments.seconds:g} s per app "
        f"and route, {arguments.connections} connections; client CPU is the load "
        "generator's share of one core while it drove that app"
    )
    print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--routes", nargs="+", choices=ROUTES, default=list(ROUTES))
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
