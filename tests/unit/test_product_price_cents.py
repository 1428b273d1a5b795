"""Prices as the database stores them (whole cents) and as the code holds
them (Decimal with two places)."""

from decimal import Decimal

import pytest

from app.infrastructure.persistence.money import cents_to_price, price_to_cents


@pytest.mark.parametrize(
    ("cents", "written"),
    [
        (1050, "10.50"),
        (100, "1.00"),
        (5, "0.05"),
        (0, "0.00"),
        (123456789, "1234567.89"),
    ],
)
def test_cents_become_a_price_with_two_decimals(cents: int, written: str) -> None:
    price = cents_to_price(cents)

    assert price == Decimal(written)
    # Written as a client reads it: the two places kept, never an exponent.
    assert str(price) == written


def test_a_price_goes_back_to_the_same_cents() -> None:
    assert all(price_to_cents(cents_to_price(cents)) == cents for cents in range(2001))
