from decimal import Decimal

_CENTS_PER_UNIT = 100


def price_to_cents(amount: Decimal) -> int:
    return int(amount * _CENTS_PER_UNIT)


def cents_to_price(cents: int) -> Decimal:
    return (Decimal(cents) / _CENTS_PER_UNIT).quantize(Decimal("0.01"))
