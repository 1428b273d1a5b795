"""What reading and placing an order ask of the database, counted exactly
(see test_round_trips.py). On both database engines."""

from pathlib import Path
from uuid import UUID

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from app.application.common.order_placements import placement_key, placement_request
from app.application.ports.idempotency_store import IdempotencyStore
from app.application.services.idempotency import fingerprint
from app.domain.value_objects.ids import ProductId, UserId
from app.domain.value_objects.order_fields import OrderRequestKey, Quantity
from setup.config import Settings
from tests.http.conftest import app_settings, assert_problem
from tests.http.test_orders import create_product, place
from tests.support.round_trips import RoundTripLog

ORDERS = "/api/v1/orders"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    # A placement waits a moment, not 5 s, for the same one in flight.
    return app_settings(database_url, tmp_path, idempotency_wait_seconds=0.3)


@pytest.fixture
async def products(admin: AsyncClient) -> list[str]:
    return [
        await create_product(admin, "Anvil", "10.00"),
        await create_product(admin, "Rope", "2.25"),
    ]


def lines_of(products: list[str]) -> list[dict[str, object]]:
    return [{"product_id": product, "quantity": 1} for product in products]


async def test_an_order_read_takes_these_round_trips(
    user: AsyncClient, products: list[str], round_trips: RoundTripLog
) -> None:
    placed = await place(user, "order-1", lines_of(products))
    assert placed.status_code == 201, placed.text

    response = await user.get(f"{ORDERS}/{placed.json()['id']}")

    assert response.status_code == 200, response.text
    counted = round_trips.of(response)
    # The session, the user, the order with its lines.
    assert len(counted.statements) == 3, counted.statements
    # One connection and one transaction, shared by the session check and
    # the reads.
    assert counted.transactions == 1
    assert counted.checkouts == 1
    # Plain rows: no ORM object made.
    assert (counted.orm_loads, counted.orm_flushes) == (0, 0)


async def test_placing_an_order_takes_these_round_trips(
    user: AsyncClient, products: list[str], round_trips: RoundTripLog
) -> None:
    response = await place(user, "order-1", lines_of(products))

    assert response.status_code == 201, response.text
    counted = round_trips.of(response)
    # The session; the key claimed (one insert, the key being new); the
    # user, the order by its key, its products (one read for every line), the
    # order and its lines stored; the order marked paid with its outbox row;
    # the key completed.
    assert len(counted.statements) == 10, counted.statements
    # The session, the claim, the order, the payment, the completion.
    assert counted.transactions == 5
    assert counted.checkouts == 5
    # One at a time: the session check's transaction ends before the claim.
    assert counted.most_held == 1
    # Statements on the tables, run when called: no ORM object loaded or
    # flushed (the unit of work cost about twice the CPU of its statements).
    assert (counted.orm_loads, counted.orm_flushes) == (0, 0)


async def test_a_placement_waiting_for_the_same_one_in_flight_holds_no_connection(
    app: FastAPI, user: AsyncClient, products: list[str], round_trips: RoundTripLog
) -> None:
    user_id = UserId(UUID((await user.get("/api/v1/users/me")).json()["id"]))
    request = placement_request((ProductId(UUID(p)), Quantity(1)) for p in products)
    # Claimed by the same placement, still running in another request.
    store = await app.state.dishka_container.get(IdempotencyStore)
    await store.claim(
        placement_key(user_id, OrderRequestKey("order-1")),
        fingerprint(request),
        lease_seconds=60,
    )

    response = await place(user, "order-1", lines_of(products))

    assert_problem(response, 409, "idempotency_key_in_use")
    counted = round_trips.of(response)
    claims = [s for s in counted.statements if s.startswith("SELECT idempotency_keys")]
    # It looked again and again while it waited, each time on one connection
    # at most: the session check's connection went back to the pool first.
    assert len(claims) > 2, counted.statements
    assert counted.most_held == 1
