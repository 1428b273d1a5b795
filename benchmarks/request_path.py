"""What bench_http.py and bench_asgi.py share: the data both apps are
measured on, the requests of each route, and the check that both apps
answer them alike.

Each script sends the requests its own way (raw HTTP/1.1 on sockets, or
ASGI calls in process); the requests themselves are made here, once.
"""

import json
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

ROUTES = ("order-read", "cache-hit", "cache-miss", "place-order")
APPS = ("service", "baseline")
CUSTOMER = ("bench-customer@example.com", "bench-customer-password")
# The baseline reads the session cookie by this name.
SESSION_COOKIE = "session"
SEED_ORDERS = 20
SEED_PRODUCTS = 2000
# Pages a cache-miss request may ask for: SEED_PRODUCTS offsets times
# MISS_LIMITS page sizes, each asked once.
MISS_LIMITS = 80


@dataclass(frozen=True, slots=True)
class Seeded:
    cookie: str
    orders: list[str]
    products: list[str]


@dataclass(frozen=True, slots=True)
class Call:
    """One request of a route, as either script sends it."""

    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


# A route's request, given its number among all requests of the run (so
# that cache misses and placements never repeat one).
CallMaker = Callable[[int], Call]


def route_calls(seeded: Seeded) -> dict[str, CallMaker]:
    orders, products = seeded.orders, seeded.products

    def order_read(n: int) -> Call:
        return Call("GET", f"/api/v1/orders/{orders[n % len(orders)]}")

    def cache_hit(_: int) -> Call:
        return Call("GET", "/api/v1/products?limit=20")

    def cache_miss(n: int) -> Call:
        limit = 20 + (n // SEED_PRODUCTS) % MISS_LIMITS
        return Call("GET", f"/api/v1/products?limit={limit}&offset={n % SEED_PRODUCTS}")

    def place_order(n: int) -> Call:
        lines = [
            {"product_id": products[(n + k) % len(products)], "quantity": 1 + k}
            for k in range(2)
        ]
        return Call(
            "POST",
            "/api/v1/orders",
            json.dumps({"lines": lines}).encode(),
            {"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex},
        )

    return {
        "order-read": order_read,
        "cache-hit": cache_hit,
        "cache-miss": cache_miss,
        "place-order": place_order,
    }


def interleaved(rounds: int, routes: Sequence[str]) -> Iterator[tuple[int, str, str]]:
    """(round, from 1; route; app) in the order to measure them: each round
    route by route, both apps one after the other. Who goes first alternates,
    so neither always meets a warmer database, and a neighbour's burst on a
    shared machine hits both alike."""
    for number in range(1, rounds + 1):
        order = APPS if number % 2 == 1 else APPS[::-1]
        for route in routes:
            for app in order:
                yield number, route, app


async def seed(service: httpx.AsyncClient, database_url: str) -> Seeded:
    """SEED_PRODUCTS products straight into the database, then a customer
    signed up and logged in through ``service`` (a client of the service,
    over a network or in process), who places SEED_ORDERS orders of three
    lines."""
    products = await insert_products(database_url)
    email, password = CUSTOMER
    credentials = {"email": email, "password": password}
    (await service.post("/api/v1/auth/sign-up", json=credentials)).raise_for_status()
    (await service.post("/api/v1/auth/log-in", json=credentials)).raise_for_status()
    orders = []
    for number in range(SEED_ORDERS):
        lines = [
            {"product_id": products[number * 3 + k], "quantity": k + 1}
            for k in range(3)
        ]
        answer = await service.post(
            "/api/v1/orders",
            json={"lines": lines},
            headers={"Idempotency-Key": f"seed-{number}"},
        )
        answer.raise_for_status()
        orders.append(answer.json()["id"])
    return Seeded(service.cookies[SESSION_COOKIE], orders, products)


async def insert_products(database_url: str) -> list[str]:
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO products (id, name, category, price_cents, "
                    "description) SELECT gen_random_uuid(), "
                    "'Product ' || lpad(n::text, 5, '0'), 'bench', 100 + n, "
                    "'A product to measure with.' "
                    "FROM generate_series(1, :count) AS n"
                ),
                {"count": SEED_PRODUCTS},
            )
            ids = await connection.scalars(text("SELECT id::text FROM products"))
            return list(ids)
    finally:
        await engine.dispose()


async def same_answers(
    clients: Mapping[str, httpx.AsyncClient], seeded: Seeded
) -> None:
    """Both apps (a client of each, signed in as the seeded customer) answer
    the read routes with the same JSON, and a placement with the same shape:
    else the comparison would be unfair."""
    reads = [f"/api/v1/orders/{seeded.orders[0]}", "/api/v1/products?limit=20"]
    answers: dict[str, list[object]] = {}
    for name, client in clients.items():
        answers[name] = [(await client.get(path)).json() for path in reads]
        placed = await client.post(
            "/api/v1/orders",
            json={"lines": [{"product_id": seeded.products[-1], "quantity": 1}]},
            headers={"Idempotency-Key": f"check-{name}"},
        )
        answers[name].append((placed.status_code, sorted(placed.json())))
    first, *others = answers.values()
    if any(other != first for other in others):
        raise RuntimeError(f"the apps answer differently: {answers}")
