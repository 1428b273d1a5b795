"""The validated fields of a product."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.domain.exceptions import DomainValidationError

MAX_NAME_LENGTH = 120
MAX_CATEGORY_LENGTH = 60
MAX_DESCRIPTION_LENGTH = 2000
MAX_PRICE = Decimal("1000000000")
PRICE_STEP = Decimal("0.01")


def _stripped_text(
    field: str, value: str, max_length: int, *, allow_empty: bool
) -> str:
    text = value.strip()
    if not text and not allow_empty:
        raise DomainValidationError(field, f"The {field} must not be empty.")
    if len(text) > max_length:
        raise DomainValidationError(
            field, f"The {field} has at most {max_length} characters."
        )
    return text


@dataclass(frozen=True, slots=True)
class ProductName:
    value: str

    def __post_init__(self) -> None:
        text = _stripped_text("name", self.value, MAX_NAME_LENGTH, allow_empty=False)
        object.__setattr__(self, "value", text)


@dataclass(frozen=True, slots=True)
class Category:
    """A category label, lower-cased so filtering is case-insensitive."""

    value: str

    def __post_init__(self) -> None:
        # Lower-case first: lower() can lengthen text ("İ" becomes two characters).
        text = _stripped_text(
            "category", self.value.lower(), MAX_CATEGORY_LENGTH, allow_empty=False
        )
        object.__setattr__(self, "value", text)


@dataclass(frozen=True, slots=True)
class Description:
    value: str

    def __post_init__(self) -> None:
        text = _stripped_text(
            "description", self.value, MAX_DESCRIPTION_LENGTH, allow_empty=True
        )
        object.__setattr__(self, "value", text)


@dataclass(frozen=True, slots=True)
class Price:
    """A non-negative amount with at most two decimal places."""

    amount: Decimal

    def __post_init__(self) -> None:
        if not self.amount.is_finite():
            raise DomainValidationError("price", "The price is not a number.")
        try:
            exact = self.amount.quantize(PRICE_STEP)
        except InvalidOperation as err:
            raise DomainValidationError("price", "The price is not a number.") from err
        if exact != self.amount:
            raise DomainValidationError(
                "price", "The price has at most two decimal places."
            )
        if not Decimal(0) <= exact < MAX_PRICE:
            raise DomainValidationError(
                "price", f"The price is between 0 and {MAX_PRICE}."
            )
        # -0.00 is 0.00: keep one representation of zero.
        object.__setattr__(self, "amount", abs(exact) if exact.is_zero() else exact)
