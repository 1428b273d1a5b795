"""The catalog's value objects: prices, product names, categories and
descriptions."""

from decimal import Decimal

import pytest

from app.domain.exceptions import DomainValidationError
from app.domain.value_objects.product_fields import (
    MAX_CATEGORY_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_NAME_LENGTH,
    Category,
    Description,
    Price,
    ProductName,
)

# Price


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", "0.00"),
        ("0.5", "0.50"),
        ("19.99", "19.99"),
        ("1E+2", "100.00"),
        ("999999999.99", "999999999.99"),
    ],
)
def test_price_is_kept_with_two_decimal_places(raw: str, expected: str) -> None:
    assert str(Price(Decimal(raw)).amount) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "1.001",
        "0.005",
        "-0.01",
        "-5",
        "1000000000",
        "1E+9",
        "1000000000.00",
        "1E+30",
        "NaN",
        "sNaN",
        "Infinity",
        "-Infinity",
    ],
)
def test_invalid_price_is_rejected_naming_the_price_field(raw: str) -> None:
    with pytest.raises(DomainValidationError) as caught:
        Price(Decimal(raw))
    assert caught.value.field == "price"


# Product name, category, description


def test_product_name_is_trimmed_but_keeps_its_case() -> None:
    assert ProductName("  The Hobbit \t").value == "The Hobbit"


@pytest.mark.parametrize("raw", ["", "   ", "\n\t"])
def test_empty_product_name_is_rejected(raw: str) -> None:
    with pytest.raises(DomainValidationError) as caught:
        ProductName(raw)
    assert caught.value.field == "name"


def test_product_name_length_limit_applies_after_trimming() -> None:
    longest = "n" * MAX_NAME_LENGTH
    assert ProductName(f"  {longest}  ").value == longest
    with pytest.raises(DomainValidationError) as caught:
        ProductName(longest + "n")
    assert caught.value.field == "name"


def test_category_is_trimmed_and_lower_cased() -> None:
    assert Category("  Garden Tools ").value == "garden tools"


@pytest.mark.parametrize("raw", ["", "    "])
def test_empty_category_is_rejected(raw: str) -> None:
    with pytest.raises(DomainValidationError) as caught:
        Category(raw)
    assert caught.value.field == "category"


def test_category_length_limit_applies_after_trimming() -> None:
    longest = "c" * MAX_CATEGORY_LENGTH
    assert Category(f" {longest} ").value == longest
    with pytest.raises(DomainValidationError) as caught:
        Category(longest + "c")
    assert caught.value.field == "category"


def test_lower_cased_category_never_exceeds_the_length_limit() -> None:
    try:
        category = Category("İ" * MAX_CATEGORY_LENGTH)
    except DomainValidationError:
        return
    assert len(category.value) <= MAX_CATEGORY_LENGTH


def test_description_may_be_empty_and_is_trimmed() -> None:
    assert Description("   ").value == ""
    assert Description(" Hard cover. ").value == "Hard cover."


def test_description_longer_than_the_limit_is_rejected() -> None:
    longest = "d" * MAX_DESCRIPTION_LENGTH
    assert Description(longest).value == longest
    with pytest.raises(DomainValidationError) as caught:
        Description("d" * (MAX_DESCRIPTION_LENGTH + 1))
    assert caught.value.field == "description"
