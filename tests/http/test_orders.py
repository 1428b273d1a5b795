"""Placing, paying and reading orders over HTTP with no configuration: the
local payment gateway charges, the in-process bus delivers OrderPlaced and
the fulfilment pipeline fulfils. On both database engines."""

import asyncio
from typing import Any

import pytest
from httpx import AsyncClient

from tests.http.conftest import ClientFactory, assert_problem, log_in, sign_up

ORDERS = "/api/v1/orders"
PRODUCTS = "/api/v1/products"


async def create_product(admin: AsyncClient, name: str, price: str) -> str:
    response = await admin.post(
        PRODUCTS, json={"name": name, "category": "tools", "price": price}
    )
    assert response.status_code == 201, response.text
    product_id: str = response.json()["id"]
    return product_id


async def place(client: AsyncClient, key: str, lines: list[dict[str, Any]]) -> Any:
    return await client.post(
        ORDERS, json={"lines": lines}, headers={"Idempotency-Key": key}
    )


async def wait_for_status(client: AsyncClient, order_id: str, status: str) -> Any:
    """The order once it has this status; fails after a few seconds."""
    for _ in range(100):
        body = (await client.get(f"{ORDERS}/{order_id}")).json()
        if body["status"] == status:
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"order {order_id} is still {body['status']!r}")


async def test_an_order_is_placed_paid_and_fulfilled(
    admin: AsyncClient, user: AsyncClient
) -> None:
    anvil = await create_product(admin, "Anvil", "10.00")
    rope = await create_product(admin, "Rope", "2.25")

    response = await place(
        user,
        "order-1",
        [{"product_id": rope, "quantity": 4}, {"product_id": anvil, "quantity": 1}],
    )

    assert response.status_code == 201, response.text
    order_id = response.json()["id"]
    order = await wait_for_status(user, order_id, "fulfilled")
    assert order["total"] == "19.00"
    assert order["currency"] == "EUR"
    assert order["lines"] == [
        {"product_id": rope, "quantity": 4, "unit_price": "2.25"},
        {"product_id": anvil, "quantity": 1, "unit_price": "10.00"},
    ]
    listed = (await user.get(ORDERS)).json()
    assert [o["id"] for o in listed["items"]] == [order_id]


async def test_a_later_price_change_does_not_change_a_placed_order(
    admin: AsyncClient, user: AsyncClient
) -> None:
    anvil = await create_product(admin, "Anvil", "10.00")
    order_id = (await place(user, "k", [{"product_id": anvil, "quantity": 2}])).json()[
        "id"
    ]

    await admin.patch(f"{PRODUCTS}/{anvil}", json={"price": "99.00"})
    await admin.delete(f"{PRODUCTS}/{anvil}")

    order = (await user.get(f"{ORDERS}/{order_id}")).json()
    assert order["total"] == "20.00"
    assert order["lines"][0]["unit_price"] == "10.00"


async def test_the_same_key_places_the_order_once(
    admin: AsyncClient, user: AsyncClient
) -> None:
    anvil = await create_product(admin, "Anvil", "10.00")
    lines = [{"product_id": anvil, "quantity": 1}]

    first = await place(user, "same-key", lines)
    again = await place(user, "same-key", lines)

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert (await user.get(ORDERS)).json()["total"] == 1


async def test_a_key_sent_again_with_another_order_is_refused(
    admin: AsyncClient, user: AsyncClient
) -> None:
    anvil = await create_product(admin, "Anvil", "10.00")
    await place(user, "key", [{"product_id": anvil, "quantity": 1}])

    response = await place(user, "key", [{"product_id": anvil, "quantity": 2}])

    assert_problem(response, 422, "idempotency_key_reused")
    assert (await user.get(ORDERS)).json()["total"] == 1


async def test_keys_belong_to_their_user(
    admin: AsyncClient, user: AsyncClient, new_client: ClientFactory
) -> None:
    anvil = await create_product(admin, "Anvil", "10.00")
    other = new_client()
    await sign_up(other, "other@example.com", "other-password")
    await log_in(other, "other@example.com", "other-password")
    lines = [{"product_id": anvil, "quantity": 1}]

    mine = (await place(user, "key", lines)).json()["id"]
    theirs = (await place(other, "key", lines)).json()["id"]

    assert mine != theirs
    assert_problem(await other.get(f"{ORDERS}/{mine}"), 404, "order_not_found")
    assert (await admin.get(f"{ORDERS}/{mine}")).status_code == 200


async def test_an_unknown_product_names_its_line(
    admin: AsyncClient, user: AsyncClient
) -> None:
    anvil = await create_product(admin, "Anvil", "10.00")

    response = await place(
        user,
        "key",
        [
            {"product_id": anvil, "quantity": 1},
            {"product_id": "00000000-0000-0000-0000-000000000000", "quantity": 1},
        ],
    )

    problem = assert_problem(response, 422, "validation_error")
    assert problem["errors"][0]["loc"] == ["lines[1].product_id"]
    assert (await user.get(ORDERS)).json()["total"] == 0


@pytest.mark.parametrize(
    ("body", "headers", "location"),
    [
        ({"lines": []}, {"Idempotency-Key": "k"}, ["body", "lines"]),
        (
            {"lines": [{"product_id": "x", "quantity": 1}]},
            {"Idempotency-Key": "k"},
            ["body", "lines", 0, "product_id"],
        ),
        (
            {"lines": [{"product_id": "00000000-0000-0000-0000-000000000000"}]},
            {"Idempotency-Key": "k"},
            ["body", "lines", 0, "quantity"],
        ),
        (
            {
                "lines": [
                    {
                        "product_id": "00000000-0000-0000-0000-000000000000",
                        "quantity": 101,
                    }
                ]
            },
            {"Idempotency-Key": "k"},
            ["body", "lines", 0, "quantity"],
        ),
        ({"lines": [{}]}, {}, ["header", "idempotency-key"]),
    ],
)
async def test_bad_order_input_names_where(
    user: AsyncClient,
    body: dict[str, Any],
    headers: dict[str, str],
    location: list[Any],
) -> None:
    response = await user.post(ORDERS, json=body, headers=headers)

    problem = assert_problem(response, 422, "validation_error")
    assert location in [error["loc"] for error in problem["errors"]]


async def test_orders_need_a_log_in(client: AsyncClient) -> None:
    assert_problem(
        await place(client, "k", [{"product_id": "x", "quantity": 1}]),
        422,
        "validation_error",
    )
    assert_problem(
        await place(
            client,
            "k",
            [{"product_id": "00000000-0000-0000-0000-000000000000", "quantity": 1}],
        ),
        401,
        "not_authenticated",
    )
    assert_problem(await client.get(ORDERS), 401, "not_authenticated")


async def test_a_control_character_in_the_idempotency_key_is_a_422(
    user: AsyncClient,
) -> None:
    line = {"product_id": "00000000-0000-0000-0000-000000000000", "quantity": 1}

    response = await place(user, "key\x01", [line])

    problem = assert_problem(response, 422, "validation_error")
    assert [error["loc"] for error in problem["errors"]] == [
        ["header", "idempotency-key"]
    ]


@pytest.mark.parametrize("quantity", [True, "2", 2.0])
async def test_a_quantity_is_a_json_integer(user: AsyncClient, quantity: Any) -> None:
    line = {"product_id": "00000000-0000-0000-0000-000000000000", "quantity": quantity}

    response = await place(user, "strict", [line])

    problem = assert_problem(response, 422, "validation_error")
    assert [error["loc"] for error in problem["errors"]] == [
        ["body", "lines", 0, "quantity"]
    ]
