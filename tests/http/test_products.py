import re
from typing import Any

import pytest
from httpx import AsyncClient

from tests.http.conftest import assert_problem

PRODUCTS = "/api/v1/products"


async def create(admin: AsyncClient, **fields: Any) -> str:
    body = {"name": "Phone", "category": "Electronics", "price": "199.99", **fields}
    response = await admin.post(PRODUCTS, json=body)
    assert response.status_code == 201, response.text
    product_id: str = response.json()["id"]
    return product_id


async def test_admin_creates_and_anyone_reads(
    admin: AsyncClient, client: AsyncClient
) -> None:
    product_id = await create(admin, description="  A phone.  ")

    response = await client.get(f"{PRODUCTS}/{product_id}")

    assert response.status_code == 200
    assert response.json() == {
        "id": product_id,
        "name": "Phone",
        "category": "electronics",
        "price": "199.99",
        "description": "A phone.",
    }


async def test_update_changes_only_the_given_fields(admin: AsyncClient) -> None:
    product_id = await create(admin, description="first")

    response = await admin.patch(f"{PRODUCTS}/{product_id}", json={"price": "5.5"})

    assert response.status_code == 204
    product = (await admin.get(f"{PRODUCTS}/{product_id}")).json()
    assert product["price"] == "5.50"
    assert product["name"] == "Phone"
    assert product["description"] == "first"


async def test_delete_removes_the_product(admin: AsyncClient) -> None:
    product_id = await create(admin)

    assert (await admin.delete(f"{PRODUCTS}/{product_id}")).status_code == 204

    assert_problem(
        await admin.get(f"{PRODUCTS}/{product_id}"), 404, "product_not_found"
    )
    assert_problem(
        await admin.delete(f"{PRODUCTS}/{product_id}"), 404, "product_not_found"
    )


async def test_a_taken_name_is_a_conflict_on_create_and_update(
    admin: AsyncClient,
) -> None:
    await create(admin, name="Laptop")
    other_id = await create(admin, name="Tablet")

    duplicate = await admin.post(
        PRODUCTS, json={"name": "Laptop", "category": "x", "price": "1"}
    )
    renamed = await admin.patch(f"{PRODUCTS}/{other_id}", json={"name": "Laptop"})

    assert_problem(duplicate, 409, "product_name_taken")
    assert_problem(renamed, 409, "product_name_taken")
    assert (await admin.get(f"{PRODUCTS}/{other_id}")).json()["name"] == "Tablet"


async def test_only_admins_change_the_catalog(
    admin: AsyncClient, user: AsyncClient, client: AsyncClient
) -> None:
    product_id = await create(admin)
    body = {"name": "Mine", "category": "x", "price": "1"}

    assert_problem(await client.post(PRODUCTS, json=body), 401, "not_authenticated")
    assert_problem(await user.post(PRODUCTS, json=body), 403, "forbidden")
    assert_problem(
        await user.patch(f"{PRODUCTS}/{product_id}", json={"price": "0"}),
        403,
        "forbidden",
    )
    assert_problem(await user.delete(f"{PRODUCTS}/{product_id}"), 403, "forbidden")
    assert (await client.get(f"{PRODUCTS}/{product_id}")).json()["price"] == "199.99"


async def test_listing_filters_sorts_and_pages(
    admin: AsyncClient, client: AsyncClient
) -> None:
    for name, category, price in [
        ("Apple", "fruit", "3.00"),
        ("Banana", "Fruit", "1.00"),
        ("Cherry", "fruit", "2.00"),
        ("Drill", "tools", "50.00"),
    ]:
        await create(admin, name=name, category=category, price=price)

    first = await client.get(
        PRODUCTS,
        params={"category": "FRUIT", "sort_by": "price", "order": "desc", "limit": 2},
    )
    second = await client.get(
        PRODUCTS,
        params={
            "category": "fruit",
            "sort_by": "price",
            "order": "desc",
            "limit": 2,
            "offset": 2,
        },
    )

    assert first.status_code == 200
    assert [p["name"] for p in first.json()["items"]] == ["Apple", "Cherry"]
    assert first.json()["total"] == 3
    assert [p["name"] for p in second.json()["items"]] == ["Banana"]
    everything = (await client.get(PRODUCTS)).json()
    assert [p["name"] for p in everything["items"]] == [
        "Apple",
        "Banana",
        "Cherry",
        "Drill",
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "A", "category": "c", "price": "1.999"}, "price"),
        ({"name": "A", "category": "c", "price": "-1"}, "price"),
        ({"name": "A", "category": "c", "price": "ten"}, "price"),
        ({"name": "", "category": "c", "price": "1"}, "name"),
        ({"name": "A" * 121, "category": "c", "price": "1"}, "name"),
        ({"name": "A", "price": "1"}, "category"),
        ({"name": "A", "category": "c", "price": "1", "stock": 3}, "stock"),
        (
            {"name": "A", "category": "c", "price": "1", "description": "d" * 2001},
            "description",
        ),
    ],
)
async def test_bad_product_input_names_the_field(
    admin: AsyncClient, body: dict[str, Any], field: str
) -> None:
    response = await admin.post(PRODUCTS, json=body)

    problem = assert_problem(response, 422, "validation_error")
    assert [error["loc"][-1] for error in problem["errors"]] == [field]
    assert (await admin.get(PRODUCTS)).json()["total"] == 0


async def test_whitespace_only_name_is_refused_by_the_domain(
    admin: AsyncClient,
) -> None:
    response = await admin.post(
        PRODUCTS, json={"name": "   ", "category": "c", "price": "1"}
    )

    problem = assert_problem(response, 422, "validation_error")
    assert problem["errors"][0]["loc"] == ["name"]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
        {"sort_by": "secret"},
        {"order": "sideways"},
    ],
)
async def test_bad_listing_parameters_are_422(
    client: AsyncClient, params: dict[str, Any]
) -> None:
    problem = assert_problem(
        await client.get(PRODUCTS, params=params), 422, "validation_error"
    )
    assert problem["errors"][0]["loc"][0] == "query"


async def test_unknown_and_malformed_ids(client: AsyncClient) -> None:
    assert_problem(
        await client.get(f"{PRODUCTS}/00000000-0000-0000-0000-000000000000"),
        404,
        "product_not_found",
    )
    problem = assert_problem(
        await client.get(f"{PRODUCTS}/not-a-uuid"), 422, "validation_error"
    )
    assert problem["errors"][0]["loc"] == ["path", "product_id"]


async def test_malformed_json_is_422_not_500(admin: AsyncClient) -> None:
    response = await admin.post(
        PRODUCTS,
        content=b'{"name": "A", ',
        headers={"content-type": "application/json"},
    )

    assert_problem(response, 422, "validation_error")


@pytest.mark.parametrize("character", ["%00", "%01", "%1B", "%7F"])
async def test_a_control_character_in_the_category_filter_is_a_422(
    client: AsyncClient, character: str
) -> None:
    response = await client.get(f"{PRODUCTS}?category=a{character}b")

    problem = assert_problem(response, 422, "validation_error")
    assert [error["loc"] for error in problem["errors"]] == [["query", "category"]]
    assert problem["errors"][0]["type"] == "control_characters"


@pytest.mark.parametrize("field", ["name", "category", "description"])
async def test_a_nul_in_a_product_field_is_a_422_naming_it(
    admin: AsyncClient, field: str
) -> None:
    body = {"name": "Phone", "category": "Electronics", "price": "1.00"}

    response = await admin.post(PRODUCTS, json={**body, field: "a\x00b"})

    problem = assert_problem(response, 422, "validation_error")
    assert [error["loc"] for error in problem["errors"]] == [["body", field]]


@pytest.mark.parametrize("price", ["", "1.001", "-1", "1000000000", True])
async def test_a_price_the_domain_refuses_is_refused_at_the_boundary(
    admin: AsyncClient, price: Any
) -> None:
    body = {"name": "Phone", "category": "Electronics", "price": price}

    response = await admin.post(PRODUCTS, json=body)

    problem = assert_problem(response, 422, "validation_error")
    assert [error["loc"] for error in problem["errors"]] == [["body", "price"]]


def test_the_documented_price_format_is_the_one_responses_use(app: Any) -> None:
    schema = app.openapi()["components"]["schemas"]["CreateProductRequest"]
    pattern = schema["properties"]["price"]["pattern"]

    assert re.fullmatch(pattern, "199.99")
    assert re.fullmatch(pattern, "999999999.99")
    for refused in ("", "1.001", "-1", "1e3", "1000000000"):
        assert not re.fullmatch(pattern, refused), refused
