"""What a hung Redis costs a cached read: GET /api/v1/products, answered by
the app in process (ASGI, SQLite) with REDIS_URL pointing at a proxy in
front of a real Redis that stops forwarding, as a Redis stopped with
SIGSTOP does (connections accepted, nothing answered).

Two configurations: the defaults (REDIS_TIMEOUT_SECONDS 0.25 and the
circuit breaker), and the client as it was before them (5 s timeouts, no
breaker: emulated with REDIS_TIMEOUT_SECONDS=5 and a breaker that never
opens). Each request is a cache miss (another offset each time): a
generation read, a value read and a write.

    .venv/bin/python benchmarks/bench_redis_outage.py [--requests 200] [--clients 8]

Needs the Redis of TEST_REDIS_URL (default redis://127.0.0.1:6379/0).
"""

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "src")]

from asgi_lifespan import LifespanManager  # noqa: E402
from httpx import ASGITransport, AsyncClient  # noqa: E402

from benchmarks.timing import format_table, machine_summary  # noqa: E402
from setup.app_factory import create_app  # noqa: E402
from setup.config import Settings  # noqa: E402
from setup.migrations import upgrade_to_head  # noqa: E402
from tests.support.tcp_proxy import TcpProxy  # noqa: E402

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
BEFORE: dict[str, Any] = {"redis_timeout_seconds": 5.0, "redis_breaker_failures": 10**9}


async def timed_reads(
    settings: Settings, proxy: TcpProxy, requests: int, clients: int
) -> list[float]:
    """Seconds each read took while Redis hangs."""
    app = create_app(settings)
    transport = ASGITransport(app)
    async with (
        LifespanManager(app),
        AsyncClient(transport=transport, base_url="http://bench") as client,
    ):
        await client.get("/api/v1/products")
        proxy.hang()
        offsets = iter(range(requests))
        took: list[float] = []

        async def reader() -> None:
            for offset in offsets:
                started = time.perf_counter()
                answer = await client.get(f"/api/v1/products?offset={offset}")
                took.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.text

        await asyncio.gather(*(reader() for _ in range(clients)))
        proxy.resume()
    return took


def row(name: str, took: list[float]) -> list[str]:
    ordered = sorted(took)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return [
        name,
        str(len(took)),
        f"{statistics.median(ordered) * 1000:.1f}",
        f"{p99 * 1000:.1f}",
        f"{ordered[-1] * 1000:.1f}",
    ]


async def main(requests: int, clients: int) -> None:
    url = urlsplit(REDIS_URL)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite+aiosqlite:///{folder}/bench.db"
        await asyncio.to_thread(upgrade_to_head, database_url)
        for name, overrides, count in [
            ("defaults (0.25 s, circuit breaker)", {}, requests),
            ("before (5 s timeouts, no breaker)", BEFORE, min(requests, 2 * clients)),
        ]:
            proxy = TcpProxy(url.hostname or "127.0.0.1", url.port or 6379)
            await proxy.start()
            settings = Settings(
                _env_file=None,
                database_url=database_url,
                run_migrations_on_startup=False,
                redis_url=url._replace(netloc=f"127.0.0.1:{proxy.port}").geturl(),
                **overrides,
            )
            try:
                rows.append(
                    row(name, await timed_reads(settings, proxy, count, clients))
                )
            finally:
                await proxy.cut()
    print(machine_summary())
    print(f"GET /api/v1/products while Redis hangs, {clients} clients at once")
    print(format_table(["client", "requests", "p50 ms", "p99 ms", "max ms"], rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.requests, arguments.clients))
