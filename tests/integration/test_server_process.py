"""`uvicorn setup.main:app` run as in production, in a process of its own:
its log is JSON lines carrying the request id, and SIGTERM loses nothing,
neither a request in flight nor a relay batch."""

import asyncio
import json
import os
import sqlite3
import subprocess
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import aio_pika
import httpx
import pytest
from aio_pika.abc import AbstractQueue
from sqlalchemy import create_engine, insert

from app.infrastructure.persistence.models.outbox_message import OutboxMessageModel
from setup.config import SERVICE_NAME
from tests.integration.conftest import USER
from tests.support.backing_services import RABBITMQ_URL, rabbitmq_or_skip
from tests.support.server_process import ROOT, ServerProcess
from tests.support.warm_python import warm_interpreter


def _migrated(tmp_path: Path) -> Path:
    database = tmp_path / "app.db"
    subprocess.run(
        [str(warm_interpreter()), "-m", "setup.cli", "migrate"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
        check=True,
        capture_output=True,
    )
    return database


def test_the_log_is_json_lines_carrying_the_request_id(
    server: ServerProcess, tmp_path: Path
) -> None:
    server.start()
    found = httpx.get(f"{server.url}/health/ready", headers={"X-Request-ID": "ready-1"})
    # The database goes away during this request: the outage is logged by it.
    database = tmp_path / "app.db"
    database.rename(tmp_path / "away.db")
    database.mkdir()
    failed = httpx.post(
        f"{server.url}/api/v1/auth/sign-up",
        json=USER,
        headers={"X-Request-ID": "down-1"},
    )
    server.terminate()
    assert server.stopped_gracefully(), server.log_text()

    assert (found.status_code, failed.status_code) == (200, 503)
    lines = server.log_lines()  # each one JSON object
    access = {line["request_id"]: line for line in lines if line["event"] == "request"}
    assert {line["service"] for line in lines} == {SERVICE_NAME}
    assert access["ready-1"]["route"] == "/health/ready"
    assert access["ready-1"]["status"] == 200
    assert access["down-1"]["method"] == "POST"
    assert access["down-1"]["route"] == "/api/v1/auth/sign-up"
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
