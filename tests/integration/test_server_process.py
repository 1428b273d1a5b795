"""`uvicorn setup.main:app` run as in production, in a process of its own:
its log is JSON lines carrying the request id, and SIGTERM loses nothing,
neither a request in flight nor a relay batch."""

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import aio_pika
import httpx
import pytest
from aio_pika.abc import AbstractQueue
from sqlalchemy import create_engine, insert

from app.infrastructure.persistence.models.outbox_message import OutboxMessageModel
from tests.support.backing_services import RABBITMQ_URL, rabbitmq_or_skip
from tests.support.server_process import ROOT, ServerProcess
from tests.support.stub_payment_provider import StubPaymentProvider

ADMIN = {"email": "admin@example.com", "password": "admin-password"}
USER = {"email": "user@example.com", "password": "user-password"}


def _migrated(tmp_path: Path) -> Path:
    database = tmp_path / "app.db"
    subprocess.run(
        [sys.executable, "-m", "setup.cli", "migrate"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
        check=True,
        capture_output=True,
    )
    return database


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
            "FILE_STORAGE_ROOT": str(tmp_path / "files"),
            "SESSION_COOKIE_SECURE": "false",
            "INITIAL_ADMIN_EMAIL": ADMIN["email"],
            "INITIAL_ADMIN_PASSWORD": ADMIN["password"],
            "ARGON2_MEMORY_COST_KIB": "1024",
            "ARGON2_TIME_COST": "1",
        },
        tmp_path / "server.log",
    )
    yield process
    process.stop()


def test_the_log_is_json_lines_carrying_the_request_id(
    server: ServerProcess, tmp_path: Path
) -> None:
    server.start()
    found = httpx.get(f"{server.url}/health/ready", headers={"X-Request-ID": "ready-1"})
    # The database goes away during this request: the outage is logged by it.
    database = tmp_path / "app.db"
    database.rename(tmp_path / "away.db")
    database.mkdir()
    failed = httpx.get(
        f"{server.url}/api/v1/products?limit=3", headers={"X-Request-ID": "down-1"}
    )
    server.terminate()
    assert server.stopped_gracefully(), server.log_text()

    assert (found.status_code, failed.status_code) == (200, 503)
    lines = server.log_lines()  # each one JSON object
    access = {line["request_id"]: line for line in lines if line["event"] == "request"}
    assert access["ready-1"]["route"] == "/health/ready"
    assert access["ready-1"]["status"] == 200
    assert access["down-1"]["method"] == "GET"
    assert access["down-1"]["route"] == "/api/v1/products"
    assert access["down-1"]["status"] == 503
    assert access["down-1"]["duration_ms"] > 0
    (outage,) = [
        line for line in lines if line["event"].startswith("database unavailable")
    ]
    assert outage["request_id"] == "down-1"
    assert outage["level"] == "warning"
    assert not [line for line in lines if "Traceback" in json.dumps(line)]


def test_several_workers_start_and_stop(tmp_path: Path) -> None:
    # Each worker process imports the app inside its running event loop.
    database = tmp_path / "app.db"
    server = ServerProcess(
        {"DATABASE_URL": f"sqlite:///{database}"},
        tmp_path / "server.log",
        "--workers",
        "2",
    )
    try:
        server.start()
        ready = httpx.get(f"{server.url}/health/ready")
        server.terminate()
        assert server.stopped_gracefully(), server.log_text()
    finally:
        server.stop()

    assert ready.status_code == 200, ready.text


def test_sigterm_lets_a_request_in_flight_finish(
    server: ServerProcess, tmp_path: Path
) -> None:
    with StubPaymentProvider() as provider:
        server._environment |= {
            "PAYMENT_GATEWAY_BASE_URL": provider.url,
            "PAYMENT_GATEWAY_API_KEY": provider.api_key,
        }
        server.start()
        with (
            httpx.Client(base_url=server.url) as admin,
            httpx.Client(base_url=server.url) as user,
        ):
            admin.post("/api/v1/auth/log-in", json=ADMIN).raise_for_status()
            product = admin.post(
                "/api/v1/products",
                json={"name": "Lamp", "category": "home", "price": "12.50"},
            )
            product.raise_for_status()
            user.post("/api/v1/auth/sign-up", json=USER).raise_for_status()
            user.post("/api/v1/auth/log-in", json=USER).raise_for_status()
            # The provider answers the charge two seconds late: SIGTERM
            # comes while the order's request waits for it.
            provider.stall(2.0)
            answer: list[httpx.Response] = []
            request = threading.Thread(
                target=lambda: answer.append(
                    user.post(
                        "/api/v1/orders",
                        headers={"Idempotency-Key": "order-1"},
                        json={
                            "lines": [
                                {"product_id": product.json()["id"], "quantity": 2}
                            ]
                        },
                        timeout=30,
                    )
                )
            )
            request.start()
            _wait_until(lambda: bool(provider.requests))
            server.terminate()
            request.join(30)
        graceful = server.stopped_gracefully()

    assert graceful, server.log_text()
    assert answer[0].status_code == 201, answer[0].text
    assert len(provider.charges) == 1
    with sqlite3.connect(tmp_path / "app.db") as connection:
        (status,) = connection.execute("SELECT status FROM orders").fetchone()
        events = connection.execute(
            "SELECT count(*) FROM outbox_messages WHERE topic = 'order.placed'"
        ).fetchone()
    assert status in {"paid", "fulfilled"}
    assert events == (1,)


def _wait_until(condition: object, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


ROWS = 3000


@pytest.fixture
async def events_queue() -> AsyncIterator[tuple[str, AbstractQueue]]:
    """An exchange of the test's own and a queue that gets all its messages."""
    exchange_name = f"shutdown-test-{uuid.uuid4().hex}"
    async with rabbitmq_or_skip() as connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(
            exchange_name, aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(exchange, routing_key="#")
        try:
            yield exchange_name, queue
        finally:
            await channel.exchange_delete(exchange_name)


async def test_sigterm_stops_the_relay_after_its_batch_and_loses_nothing(
    events_queue: tuple[str, AbstractQueue], tmp_path: Path
) -> None:
    exchange, queue = events_queue
    database = _migrated(tmp_path)
    _add_outbox_rows(database, ROWS)
    environment = {
        "DATABASE_URL": f"sqlite:///{database}",
        "AMQP_URL": RABBITMQ_URL,
        "RABBITMQ_EXCHANGE": exchange,
        "OUTBOX_BATCH_SIZE": "100",
    }
    first = ServerProcess(environment, tmp_path / "first.log")
    await asyncio.to_thread(first.start)
    first.terminate()
    assert await asyncio.to_thread(first.stopped_gracefully), first.log_text()
    published_then = _published_ids(database)
    received_then = await _received(queue)

    # Stopped in the middle, after a batch: what it published is marked,
    # what it marked was published, and the rest waits in the outbox.
    assert 0 < len(published_then) < ROWS
    assert received_then == published_then

    second = ServerProcess(environment, tmp_path / "second.log")
    await asyncio.to_thread(second.start)
    try:
        deadline = time.monotonic() + 60
        while len(_published_ids(database)) < ROWS:
            assert time.monotonic() < deadline, "the relay did not finish"
            await asyncio.sleep(0.2)
    finally:
        second.terminate()
        await asyncio.to_thread(second.wait)
    received = received_then | await _received(queue)
    assert received == {str(number) for number in range(1, ROWS + 1)}


def _add_outbox_rows(database: Path, count: int) -> None:
    engine = create_engine(f"sqlite:///{database}")
    now = datetime.now(UTC)
    rows = [
        {"topic": "test.event", "payload": {"n": n}, "created_at": now}
        for n in range(count)
    ]
    with engine.begin() as connection:
        connection.execute(insert(OutboxMessageModel), rows)
    engine.dispose()


def _published_ids(database: Path) -> set[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT id FROM outbox_messages WHERE published_at IS NOT NULL"
        )
        return {str(row[0]) for row in rows}


async def _received(queue: AbstractQueue) -> set[str]:
    """The ids of every message in the queue now (acknowledged)."""
    ids: set[str] = set()
    while (message := await queue.get(fail=False, no_ack=True)) is not None:
        assert message.message_id is not None
        ids.add(message.message_id)
    return ids
