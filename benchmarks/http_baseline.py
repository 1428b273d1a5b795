"""The hand-wired app bench_http.py measures the service against.

What a team writes without this base: plain FastAPI routes, SQLAlchemy Core
on one engine, no container, no middleware, no error maps. Same routes, same
tables (the service's migrations made them), same JSON out:

- GET /api/v1/orders/{id}: the session cookie, its user, the order, its lines;
- GET /api/v1/products: one page, its JSON bytes kept in a dict by query;
- POST /api/v1/orders: the idempotency key claimed, the order and its lines
  stored, then marked paid with its outbox row, then the key completed;
- its outbox relayed in process, as the service does without a broker: a
  task of the lifespan, woken after each placement's commit (and every
  second), claims a batch of unpublished rows (FOR UPDATE SKIP LOCKED) and
  fulfils each order as the service's consumer does to the tables (the
  message recorded in processed_messages, the order read and marked
  fulfilled, in a transaction of its own), then marks the batch published.

    DATABASE_URL=postgresql+asyncpg://... uvicorn benchmarks.http_baseline:app
"""

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Body, FastAPI, Header, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

logger = logging.getLogger(__name__)
SESSION_COOKIE = "session"
JSON = "application/json"

engine = create_async_engine(
    os.environ["DATABASE_URL"], pool_size=10, max_overflow=10, pool_timeout=5
)
# The service's defaults (OutboxRelayConfig) and its consumer's name: a
# message either app's relay fulfilled is skipped by the other.
RELAY_BATCH = 100
RELAY_POLL_SECONDS = 1.0
FULFIL_CONSUMER = "fulfil-order"
# Set after a placement commits its outbox row: the relay wakes at once.
outbox_stored = asyncio.Event()


@contextlib.asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    relay = asyncio.create_task(relay_outbox())
    try:
        yield
    finally:
        relay.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await relay


app = FastAPI(lifespan=lifespan)
# Whole pages as bytes, by query string: what a hit answers.
page_cache: dict[str, bytes] = {}


class LineIn(BaseModel):
    product_id: uuid.UUID
    quantity: int = Field(ge=1, le=1000, strict=True)


class OrderIn(BaseModel):
    lines: list[LineIn] = Field(min_length=1, max_length=50)


def price(cents: int) -> str:
    return str((Decimal(cents) / 100).quantize(Decimal("0.01")))


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def json_response(content: object, status_code: int = 200) -> Response:
    body = json.dumps(content, separators=(",", ":")).encode()
    return Response(body, status_code=status_code, media_type=JSON)


async def signed_in_user(connection: AsyncConnection, request: Request) -> Any:
    token = request.cookies.get(SESSION_COOKIE)
    if token is None:
        raise HTTPException(401)
    session = (
        await connection.execute(
            text("SELECT user_id, expires_at FROM auth_sessions WHERE id = :id"),
            {"id": hashlib.sha256(token.encode()).hexdigest()},
        )
    ).first()
    if session is None or session.expires_at <= datetime.now(UTC):
        raise HTTPException(401)
    user = (
        await connection.execute(
            text("SELECT id, role, is_active FROM users WHERE id = :id"),
            {"id": session.user_id},
        )
    ).first()
    if user is None or not user.is_active:
        raise HTTPException(401)
    return user


@app.get("/api/v1/orders/{order_id}")
async def get_order(order_id: uuid.UUID, request: Request) -> Response:
    async with engine.connect() as connection:
        user = await signed_in_user(connection, request)
        order = (
            await connection.execute(
                text(
                    "SELECT id, user_id, status, total_cents, currency, placed_at "
                    "FROM orders WHERE id = :id"
                ),
                {"id": order_id},
            )
        ).first()
        if order is None or (order.user_id != user.id and user.role != "admin"):
            raise HTTPException(404)
        lines = (
            await connection.execute(
                text(
                    "SELECT product_id, quantity, unit_price_cents FROM order_lines "
                    "WHERE order_id = :id ORDER BY position"
                ),
                {"id": order_id},
            )
        ).all()
    return json_response(
        {
            "id": str(order.id),
            "status": order.status,
            "total": price(order.total_cents),
            "currency": order.currency,
            "placed_at": timestamp(order.placed_at),
            "lines": [
                {
                    "product_id": str(line.product_id),
                    "quantity": line.quantity,
                    "unit_price": price(line.unit_price_cents),
                }
                for line in lines
            ],
        }
    )


@app.get("/api/v1/products")
async def list_products(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    key = request.url.query
    page = page_cache.get(key)
    if page is None:
        page = await product_page(limit, offset)
        page_cache[key] = page
    return Response(page, media_type=JSON)


async def product_page(limit: int, offset: int) -> bytes:
    async with engine.connect() as connection:
        total = await connection.scalar(text("SELECT count(*) FROM products"))
        rows = (
            await connection.execute(
                text(
                    "SELECT id, name, category, price_cents, description FROM products "
                    "ORDER BY name, id LIMIT :limit OFFSET :offset"
                ),
                {"limit": limit, "offset": offset},
            )
        ).all()
    items = [
        {
            "id": str(row.id),
            "name": row.name,
            "category": row.category,
            "price": price(row.price_cents),
            "description": row.description,
        }
        for row in rows
    ]
    content = {"items": items, "total": total, "limit": limit, "offset": offset}
    return json.dumps(content, separators=(",", ":")).encode()


@app.post("/api/v1/orders", status_code=201)
async def place_order(
    body: Annotated[OrderIn, Body()],
    idempotency_key: Annotated[str, Header(min_length=1, max_length=100)],
    request: Request,
) -> Response:
    async with engine.connect() as connection:
        user = await signed_in_user(connection, request)
        await connection.commit()
        key = {
            "operation": "place-order",
            "owner": str(user.id),
            "key": idempotency_key,
        }
        await claim(connection, key, body)
        order_id = await store_order(connection, user.id, idempotency_key, body)
        await mark_paid(connection, order_id, user.id)
        await connection.execute(
            text(
                "UPDATE idempotency_keys SET result = :result, locked_until = NULL "
                "WHERE operation = :operation AND owner = :owner AND key = :key"
            ),
            {**key, "result": str(order_id)},
        )
        await connection.commit()
    return json_response({"id": str(order_id)}, status_code=201)


async def claim(
    connection: AsyncConnection, key: dict[str, str], body: OrderIn
) -> None:
    request = sorted([str(line.product_id), line.quantity] for line in body.lines)
    now = datetime.now(UTC)
    await connection.execute(
        text(
            "INSERT INTO idempotency_keys (operation, owner, key, fingerprint, "
            "result, locked_until, created_at) VALUES (:operation, :owner, :key, "
            ":fingerprint, NULL, :until, :now)"
        ),
        {
            **key,
            "fingerprint": hashlib.sha256(json.dumps(request).encode()).hexdigest(),
            "until": now + timedelta(seconds=60),
            "now": now,
        },
    )
    await connection.commit()


async def store_order(
    connection: AsyncConnection, user_id: uuid.UUID, request_key: str, body: OrderIn
) -> uuid.UUID:
    prices: dict[uuid.UUID, int] = dict(
        (
            await connection.execute(
                text("SELECT id, price_cents FROM products WHERE id = ANY(:ids)"),
                {"ids": [line.product_id for line in body.lines]},
            )
        ).all()
    )
    if len(prices) != len({line.product_id for line in body.lines}):
        raise HTTPException(422)
    order_id = uuid.uuid4()
    total = sum(prices[line.product_id] * line.quantity for line in body.lines)
    await connection.execute(
        text(
            "INSERT INTO orders (id, user_id, request_key, status, payment_id, "
            "total_cents, currency, placed_at) VALUES (:id, :user_id, :request_key, "
            "'pending_payment', NULL, :total, 'EUR', :now)"
        ),
        {
            "id": order_id,
            "user_id": user_id,
            "request_key": request_key,
            "total": total,
            "now": datetime.now(UTC),
        },
    )
    await connection.execute(
        text(
            "INSERT INTO order_lines (order_id, product_id, position, quantity, "
            "unit_price_cents) VALUES (:order_id, :product_id, :position, "
            ":quantity, :price)"
        ),
        [
            {
                "order_id": order_id,
                "product_id": line.product_id,
                "position": position,
                "quantity": line.quantity,
                "price": prices[line.product_id],
            }
            for position, line in enumerate(body.lines)
        ],
    )
    await connection.commit()
    return order_id


async def mark_paid(
    connection: AsyncConnection, order_id: uuid.UUID, user_id: uuid.UUID
) -> None:
    total = await connection.scalar(
        text(
            "UPDATE orders SET status = 'paid', payment_id = :payment WHERE id = :id "
            "RETURNING total_cents"
        ),
        {"id": order_id, "payment": f"ch_local_{uuid.uuid4().hex}"},
    )
    payload = {
        "order_id": str(order_id),
        "user_id": str(user_id),
        "total": price(total),
    }
    await connection.execute(
        text(
            "INSERT INTO outbox_messages (topic, payload, created_at) "
            "VALUES ('order.placed', CAST(:payload AS JSON), :now)"
        ),
        {"payload": json.dumps(payload), "now": datetime.now(UTC)},
    )
    await connection.commit()
    outbox_stored.set()


async def relay_outbox() -> None:
    """Relays batches until cancelled: at once while batches come full, then
    when a placement wakes it or a second has passed. A failed batch (the
    database away) is tried again at the next wake-up."""
    while True:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(RELAY_POLL_SECONDS):
                await outbox_stored.wait()
        # Cleared before the batch: a placement committed meanwhile wakes
        # the next wait.
        outbox_stored.clear()
        try:
            while await relay_batch() == RELAY_BATCH:
                pass
        except Exception:  # the relay outlives a failed batch
            logger.exception("outbox relay failed")


async def relay_batch() -> int:
    """Claims the oldest unpublished rows, fulfils each message's order,
    marks the rows published; how many it claimed."""
    async with engine.connect() as connection:
        rows = (
            await connection.execute(
                text(
                    "SELECT id, payload->>'order_id' AS order_id FROM outbox_messages "
                    "WHERE published_at IS NULL ORDER BY id LIMIT :limit "
                    "FOR UPDATE SKIP LOCKED"
                ),
                {"limit": RELAY_BATCH},
            )
        ).all()
        for row in rows:
            await fulfil(str(row.id), uuid.UUID(row.order_id))
        if rows:
            await connection.execute(
                text(
                    "UPDATE outbox_messages SET published_at = :now "
                    "WHERE id = ANY(:ids)"
                ),
                {"now": datetime.now(UTC), "ids": [row.id for row in rows]},
            )
        await connection.commit()
    return len(rows)


async def fulfil(message_id: str, order_id: uuid.UUID) -> None:
    """What the service's consumer does to the tables for one OrderPlaced,
    in one transaction: the message recorded as processed (a message
    handled before is skipped), the order read, a paid one marked
    fulfilled."""
    async with engine.connect() as connection:
        recorded = await connection.scalar(
            text(
                "INSERT INTO processed_messages (consumer, message_id, processed_at) "
                "VALUES (:consumer, :id, :now) ON CONFLICT DO NOTHING "
                "RETURNING message_id"
            ),
            {"consumer": FULFIL_CONSUMER, "id": message_id, "now": datetime.now(UTC)},
        )
        if recorded is None:
            return
        status = await connection.scalar(
            text("SELECT status FROM orders WHERE id = :id"), {"id": order_id}
        )
        if status == "paid":
            await connection.execute(
                text("UPDATE orders SET status = 'fulfilled' WHERE id = :id"),
                {"id": order_id},
            )
        await connection.commit()


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
