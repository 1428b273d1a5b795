"""What a product page asks of the database, counted exactly (see
test_round_trips.py). On both database engines."""

import pytest
from httpx import AsyncClient

from tests.http.test_products import create
from tests.support.round_trips import RoundTripLog

PRODUCTS = "/api/v1/products"


@pytest.fixture
async def products(admin: AsyncClient) -> None:
    await create(admin, name="Anvil")
    await create(admin, name="Rope")


@pytest.mark.usefixtures("products")
async def test_a_cached_product_page_asks_nothing_of_the_database(
    client: AsyncClient, round_trips: RoundTripLog
) -> None:
    assert (await client.get(PRODUCTS, params={"limit": 20})).status_code == 200

    response = await client.get(PRODUCTS, params={"limit": 20})

    assert response.status_code == 200, response.text
    counted = round_trips.of(response)
    assert (counted.statements, counted.transactions, counted.checkouts) == ([], 0, 0)


@pytest.mark.usefixtures("products")
async def test_a_cached_product_page_asks_nothing_of_the_database_signed_in_either(
    user: AsyncClient, round_trips: RoundTripLog
) -> None:
    # A page is for anyone: a session cookie does not make it check the session.
    first = await user.get(PRODUCTS, params={"limit": 20})

    response = await user.get(PRODUCTS, params={"limit": 20})

    assert response.status_code == 200, response.text
    assert response.content == first.content
    counted = round_trips.of(response)
    assert (counted.statements, counted.transactions, counted.checkouts) == ([], 0, 0)


@pytest.mark.usefixtures("products")
async def test_an_uncached_product_page_takes_these_round_trips(
    client: AsyncClient, round_trips: RoundTripLog
) -> None:
    response = await client.get(PRODUCTS, params={"limit": 20})

    assert response.status_code == 200, response.text
    counted = round_trips.of(response)
    # The count, the page.
    assert len(counted.statements) == 2, counted.statements
    assert counted.transactions == 1
    assert counted.checkouts == 1
