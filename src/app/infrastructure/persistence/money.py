from decimal import Decimal

# Cents are hundredths: a price moves its point this many places to become
# cents, and back.
_CENT_PLACES = 2


def price_to_cents(amount: Decimal) -> int:
    return int(amount.scaleb(_CENT_PLACES))


def cents_to_price(cents: int) -> Decimal:
    # The digits of the cents with the point moved two places: exact, always
    # two decimals (1050 -> 10.50), and one operation, where dividing and
    # quantizing were two (a listing converts a price per row).
    return Decimal(cents).scaleb(-_CENT_PLACES)
