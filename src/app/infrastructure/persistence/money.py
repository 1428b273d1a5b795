from decimal import Decimal

_CENTS_PER_UNIT = 100
# Cents are hundredths: a price's exponent.
_CENT_EXPONENT = -2


def price_to_cents(amount: Decimal) -> int:
    return int(amount * _CENTS_PER_UNIT)


def cents_to_price(cents: int) -> Decimal:
    # The digits of the cents with the point moved two places: exact, always
    # two decimals (1050 -> 10.50), and one operation, where dividing and
    # quantizing were two (a listing converts a price per row).
    return Decimal(cents).scaleb(_CENT_EXPONENT)
