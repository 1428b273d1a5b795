"""The service scaled out as in production: three app processes (uvicorn on
free ports) and two workers on one PostgreSQL database, Redis and RabbitMQ,
all started at once on a new database (they migrate it in turn, under the
advisory lock). A mixed load goes to every process: sign-ups and log-ins on
one process used on another, orders, one order sent with one key to every
process at once, a product changed on one process and read on the others,
log-in guesses spread over the processes.

Every OrderPlaced is handled exactly once, by one of the workers; a key is
honoured across processes (one order, however many processes got it); a
product change is seen by every process (the cache in Redis is shared);
log-in attempts are counted across processes (the limits live in Redis)."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest
from sqlalchemy import text

from app.infrastructure.persistence.database import DatabaseConfig, create_engine
from tests.support.backing_services import (
    queue_exists,
    rabbitmq_or_skip,
    redis_or_skip,
)
from tests.support.databases import create_postgres_database, drop_postgres_database
from tests.support.polling import eventually
from tests.support.service_processes import (
    ServiceProcess,
    start_app,
    start_worker,
    stopped_at_exit,
    wait_until_serving,
    with_every_service,
)
from tests.support.warm_python import warm_interpreter

ADMIN = ("owner@example.com", "owner-password")
APPS, WORKERS, CUSTOMERS, ORDERS_EACH = 3, 2, 6, 4
GUESSES_PER_ACCOUNT = APPS
CONSUMER = "fulfil-order"

pytestmark = pytest.mark.postgres


@pytest.fixture
async def scaled_out(tmp_path: Path) -> AsyncIterator[tuple[list[str], str]]:
    """The apps' URLs and the database's URL, once every process serves."""
    async with rabbitmq_or_skip() as broker, redis_or_skip():
        database_url = await create_postgres_database()
        exchange = f"scale-out-{uuid4().hex}"
        settings = {
            **with_every_service(database_url, exchange, ADMIN),
            "LOG_IN_LIMIT_PER_ACCOUNT": f"{GUESSES_PER_ACCOUNT} per 15 minutes",
            "LOG_IN_LIMITS_KEY_PREFIX": f"scale-out-{uuid4().hex}",
        }
        services: list[ServiceProcess] = []
        python = str(warm_interpreter())
        try:
            with stopped_at_exit(services):
                services += [
                    start_worker(settings, tmp_path / f"worker-{n}.log", python=python)
                    for n in range(WORKERS)
                ]
                apps = [
                    start_app(settings, tmp_path / f"app-{n}.log", python=python)
                    for n in range(APPS)
                ]
                services += apps
                await asyncio.gather(*(wait_until_serving(app) for app in apps))
                await eventually(
                    lambda: queue_exists(broker, f"{exchange}.{CONSUMER}"), within=30
                )
                yield [app.url for app in apps if app.url], database_url
                for service in services:
                    assert "Traceback" not in service.output(), service.output()
        finally:
            channel = await broker.channel()
            await channel.queue_delete(f"{exchange}.{CONSUMER}")
            await channel.exchange_delete(exchange)
            await drop_postgres_database(database_url)


async def call(
    client: httpx.AsyncClient, method: str, url: str, **kwargs: Any
) -> httpx.Response:
    answer = await client.request(method, url, **kwargs)
    assert answer.status_code < 300, (method, url, answer.status_code, answer.text)
    return answer


async def customer(
    number: int, apps: list[str], products: list[str]
) -> tuple[httpx.AsyncClient, list[str]]:
    """Signs up on one process, logs in on the next, orders on each in turn;
    the client (its session cookie) and the ids of its orders."""
    client = httpx.AsyncClient(timeout=30)
    email, password = f"customer-{number}@example.com", "customer-password"
    credentials = {"email": email, "password": password}
    await call(
        client, "POST", f"{apps[number % APPS]}/api/v1/auth/sign-up", json=credentials
    )
    await call(
        client,
        "POST",
        f"{apps[(number + 1) % APPS]}/api/v1/auth/log-in",
        json=credentials,
    )
    placed = []
    for order in range(ORDERS_EACH):
        answer = await call(
            client,
            "POST",
            f"{apps[(number + order) % APPS]}/api/v1/orders",
            json={
                "lines": [
                    {"product_id": products[order % len(products)], "quantity": 1}
                ]
            },
            headers={"Idempotency-Key": f"order-{order}"},
        )
        placed.append(answer.json()["id"])
    return client, placed


async def test_three_apps_and_two_workers_share_the_work_exactly_once(
    scaled_out: tuple[list[str], str],
) -> None:
    apps, database_url = scaled_out
    async with httpx.AsyncClient(timeout=30) as admin:
        await call(
            admin,
            "POST",
            f"{apps[0]}/api/v1/auth/log-in",
            json=dict(zip(("email", "password"), ADMIN, strict=True)),
        )
        products = [
            (
                await call(
                    admin,
                    "POST",
                    f"{apps[n % APPS]}/api/v1/products",
                    json={"name": f"Product {n}", "category": "c", "price": "2.00"},
                )
            ).json()["id"]
            for n in range(3)
        ]
        customers = await asyncio.gather(
            *(customer(n, apps, products) for n in range(CUSTOMERS))
        )

        # One key, every process at once: one order.
        first, _ = customers[0]
        same = {"lines": [{"product_id": products[0], "quantity": 5}]}
        answers = await asyncio.gather(
            *(
                first.post(
                    f"{app}/api/v1/orders",
                    json=same,
                    headers={"Idempotency-Key": "everywhere"},
                )
                for app in apps
                for _ in range(2)
            )
        )
        # A change on one process is seen by all (the cache is shared).
        for app in apps:
            await call(admin, "GET", f"{app}/api/v1/products/{products[1]}")
        await call(
            admin,
            "PATCH",
            f"{apps[2]}/api/v1/products/{products[1]}",
            json={"price": "3.00"},
        )
        prices = [
            (await call(admin, "GET", f"{app}/api/v1/products/{products[1]}")).json()[
                "price"
            ]
            for app in apps
        ]

        # One guess per process; the next, on any of them, is refused.
        guess = {"email": "target@example.com", "password": "a-wrong-guess"}
        guesses = [
            (await admin.post(f"{app}/api/v1/auth/log-in", json=guess)).status_code
            for app in [*apps, apps[0]]
        ]

    placed = [order_id for _, ids in customers for order_id in ids]
    assert guesses == [401] * GUESSES_PER_ACCOUNT + [429]
    assert {answer.status_code for answer in answers} <= {201, 409}
    assert len({a.json()["id"] for a in answers if a.status_code == 201}) == 1
    assert prices == ["3.00"] * APPS
    try:
        for client, _ in customers:
            listed = (
                await call(client, "GET", f"{apps[0]}/api/v1/orders?limit=100")
            ).json()
            keys_placed = ORDERS_EACH + (1 if client is first else 0)
            assert listed["total"] == keys_placed
        await eventually(lambda: all_fulfilled(customers, apps[1]), within=20)
    finally:
        for client, _ in customers:
            await client.aclose()
    recorded, handled, distinct = await event_counts(database_url)
    assert recorded == len(placed) + 1
    assert handled == distinct == recorded


async def all_fulfilled(
    customers: list[tuple[httpx.AsyncClient, list[str]]], app: str
) -> bool:
    for client, _ in customers:
        listed = (await client.get(f"{app}/api/v1/orders?limit=100")).json()
        if any(order["status"] != "fulfilled" for order in listed["items"]):
            return False
    return True


async def event_counts(database_url: str) -> tuple[int, int, int]:
    """OrderPlaced events recorded; their handlings by fulfil-order, and the
    distinct events among those."""
    engine = create_engine(DatabaseConfig(url=database_url))
    try:
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    text(
                        "SELECT (SELECT count(*) FROM outbox_messages"
                        "        WHERE topic = 'order.placed'),"
                        " count(*), count(DISTINCT message_id)"
                        " FROM processed_messages WHERE consumer = :consumer"
                    ),
                    {"consumer": CONSUMER},
                )
            ).one()
    finally:
        await engine.dispose()
    return int(row[0]), int(row[1]), int(row[2])
