"""The lag from an order's commit to its fulfilment, under load: app
processes (uvicorn) and workers on PostgreSQL, Redis and RabbitMQ, as in
production, and concurrent clients placing orders as fast as they are
answered.

For each OrderPlaced event: *published* is its outbox row's published_at
minus created_at (the relay); *handled* is the fulfil-order consumer's
processed_at minus created_at (relay, broker and worker: what a customer
waits for). Figures in milliseconds; every event must be handled exactly
once (the script says so, or fails).

    .venv/bin/python benchmarks/bench_outbox_lag.py [--clients 48] [--seconds 20]
        [--apps 1] [--workers 1] [--set DATABASE_POOL_SIZE=20 ...]

Needs the PostgreSQL, Redis and RabbitMQ of TEST_POSTGRES_URL,
TEST_REDIS_URL and TEST_RABBITMQ_URL (the tests' defaults); it makes a
database and an exchange of its own and removes them after.
"""

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from uuid import uuid4

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "src")]

import httpx  # noqa: E402
from aio_pika.abc import AbstractConnection  # noqa: E402
from sqlalchemy import text  # noqa: E402

from app.infrastructure.persistence.database import (  # noqa: E402
    DatabaseConfig,
    create_engine,
)
from benchmarks.timing import format_table, machine_summary  # noqa: E402
from tests.support.backing_services import (  # noqa: E402
    queue_exists,
    rabbitmq_or_skip,
)
from tests.support.databases import (  # noqa: E402
    create_postgres_database,
    drop_postgres_database,
)
from tests.support.service_processes import (  # noqa: E402
    ServiceProcess,
    start_app,
    start_worker,
    stopped_at_exit,
    wait_until_serving,
    with_every_service,
)

ADMIN = ("bench-admin@example.com", "bench-admin-password")
CONSUMER = "fulfil-order"
LAGS = """
SELECT EXTRACT(EPOCH FROM o.published_at - o.created_at) * 1000,
       EXTRACT(EPOCH FROM p.processed_at - o.created_at) * 1000
FROM outbox_messages o
JOIN processed_messages p ON p.message_id = o.id::text AND p.consumer = :consumer
WHERE o.topic = 'order.placed'
"""


async def log_in(client: httpx.AsyncClient, email: str, password: str) -> None:
    answer = await client.post(
        "/api/v1/auth/log-in", json={"email": email, "password": password}
    )
    answer.raise_for_status()


async def customer(
    url: str, number: int, products: list[str], until: float, statuses: Counter[int]
) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        email, password = f"customer-{number}@example.com", "customer-password"
        await client.post(
            "/api/v1/auth/sign-up", json={"email": email, "password": password}
        )
        await log_in(client, email, password)
        for order in itertools.count():
            if time.monotonic() >= until:
                return
            answer = await client.post(
                "/api/v1/orders",
                json={
                    "lines": [
                        {"product_id": products[order % len(products)], "quantity": 1}
                    ]
                },
                headers={"Idempotency-Key": f"{number}-{order}"},
            )
            statuses[answer.status_code] += 1


async def create_products(url: str, count: int) -> list[str]:
    async with httpx.AsyncClient(base_url=url, timeout=30) as admin:
        await log_in(admin, *ADMIN)
        ids = []
        for number in range(count):
            answer = await admin.post(
                "/api/v1/products",
                json={
                    "name": f"Product {number}",
                    "category": "bench",
                    "price": "1.00",
                },
            )
            answer.raise_for_status()
            ids.append(answer.json()["id"])
        return ids


async def drained(database_url: str, within: float) -> tuple[int, int]:
    """(events recorded, events handled) once every one is handled, or when
    ``within`` seconds have passed."""
    engine = create_engine(DatabaseConfig(url=database_url))
    deadline = time.monotonic() + within
    try:
        while True:
            async with engine.connect() as connection:
                recorded = await connection.scalar(
                    text(
                        "SELECT count(*) FROM outbox_messages "
                        "WHERE topic = 'order.placed'"
                    )
                )
                handled = await connection.scalar(
                    text(
                        "SELECT count(*) FROM processed_messages "
                        "WHERE consumer = :consumer"
                    ),
                    {"consumer": CONSUMER},
                )
            if handled >= recorded or time.monotonic() > deadline:
                return int(recorded), int(handled)
            await asyncio.sleep(0.5)
    finally:
        await engine.dispose()


async def lags(database_url: str) -> tuple[list[float], list[float]]:
    engine = create_engine(DatabaseConfig(url=database_url))
    try:
        async with engine.connect() as connection:
            rows = (await connection.execute(text(LAGS), {"consumer": CONSUMER})).all()
    finally:
        await engine.dispose()
    return [float(row[0]) for row in rows], [float(row[1]) for row in rows]


async def queue_declared(broker: AbstractConnection, name: str) -> None:
    """Returns once the worker has declared its queue: published before,
    an event would have nowhere to go."""
    for _ in range(600):
        if await queue_exists(broker, name):
            return
        await asyncio.sleep(0.1)
    raise RuntimeError(f"no worker declared {name}")


def percentiles(name: str, values: list[float]) -> list[str]:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return [
        name,
        f"{statistics.median(ordered):.0f}",
        f"{p99:.0f}",
        f"{ordered[-1]:.0f}",
    ]


async def run(arguments: argparse.Namespace) -> None:
    database_url = await create_postgres_database()
    exchange = f"bench-{uuid4().hex}"
    settings = {
        **with_every_service(database_url, exchange, ADMIN),
        **dict(item.split("=", 1) for item in arguments.set),
    }
    logs = Path(tempfile.mkdtemp(prefix="bench-outbox-"))
    services: list[ServiceProcess] = []
    try:
        async with rabbitmq_or_skip() as broker:
            with stopped_at_exit(services):
                services += [
                    start_worker(settings, logs / f"worker-{n}.log")
                    for n in range(arguments.workers)
                ]
                apps = [
                    start_app(settings, logs / f"app-{n}.log")
                    for n in range(arguments.apps)
                ]
                services += apps
                for app in apps:
                    await wait_until_serving(app)
                await queue_declared(broker, f"{exchange}.{CONSUMER}")
                urls = [app.url for app in apps if app.url]
                products = await create_products(urls[0], 10)
                statuses: Counter[int] = Counter()
                started = time.monotonic()
                until = started + arguments.seconds
                await asyncio.gather(
                    *(
                        customer(urls[n % len(urls)], n, products, until, statuses)
                        for n in range(arguments.clients)
                    )
                )
                elapsed = time.monotonic() - started
                recorded, handled = await drained(database_url, within=120)
            channel = await broker.channel()
            await channel.queue_delete(f"{exchange}.{CONSUMER}")
            await channel.exchange_delete(exchange)
        published, fulfilled = await lags(database_url)
    finally:
        await drop_postgres_database(database_url)
    print(machine_summary())
    once = recorded == handled == len(fulfilled)
    print(
        f"{arguments.clients} clients for {elapsed:.0f} s on {arguments.apps} app "
        f"process(es) and {arguments.workers} worker(s); "
        f"settings: {arguments.set or 'defaults'}"
    )
    print(f"answers: {dict(sorted(statuses.items()))}; ", end="")
    print(f"{statuses[201] / elapsed:.0f} orders/s")
    print(f"events recorded {recorded}, handled {handled} (exactly once: {once})")
    print(
        format_table(
            ["lag from commit (ms)", "p50", "p99", "max"],
            [
                percentiles("published (relay)", published),
                percentiles("handled (worker)", fulfilled),
            ],
        )
    )
    print(f"logs: {logs}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=48)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--apps", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    asyncio.run(run(parser.parse_args()))
