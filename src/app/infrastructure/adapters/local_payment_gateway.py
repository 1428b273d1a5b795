"""PaymentGateway in process: the embedded default, so the service takes
orders with no payment provider configured (PAYMENT_GATEWAY_BASE_URL unset).

It charges nobody: it approves every valid charge, and keeps its promise
as a provider does, by idempotency key.
"""

import uuid
from dataclasses import dataclass

from app.application.ports.payment_gateway import PaymentGateway, PaymentReceipt
from app.infrastructure.exceptions import ExternalServiceRejectedError

# The statuses a provider refuses these requests with over HTTP, so a caller
# sees the same errors whichever gateway is bound.
_INVALID_STATUS = 422
_KEY_REUSED_STATUS = 409


@dataclass(frozen=True)
class _Request:
    amount_cents: int
    currency: str
    reference: str


class LocalPaymentGateway(PaymentGateway):
    """Approves every charge of at least 1 cent with a new charge id
    (``ch_local_...``), and remembers each receipt by idempotency key for the
    life of the process: the same key again returns the same receipt and
    charges nothing; the same key with another amount, currency or reference
    raises ExternalServiceRejectedError (status 409), as does an amount below 1
    (status 422). Never raises anything else.
    """

    def __init__(self) -> None:
        # No await between reading and writing these: concurrent charges with
        # one key cannot both miss it.
        self._by_key: dict[str, tuple[_Request, PaymentReceipt]] = {}

    @property
    def receipts(self) -> list[PaymentReceipt]:
        """Every charge taken, oldest first (one per idempotency key)."""
        return [receipt for _, receipt in self._by_key.values()]

    async def charge(
        self, idempotency_key: str, amount_cents: int, currency: str, reference: str
    ) -> PaymentReceipt:
        request = _Request(amount_cents, currency, reference)
        taken = self._by_key.get(idempotency_key)
        if taken is not None:
            earlier, receipt = taken
            if earlier != request:
                raise ExternalServiceRejectedError(
                    f"idempotency key {idempotency_key!r} was used for another charge",
                    status=_KEY_REUSED_STATUS,
                )
            return receipt
        if amount_cents < 1:
            raise ExternalServiceRejectedError(
                f"a charge of {amount_cents} cents is not a charge",
                status=_INVALID_STATUS,
            )
        receipt = PaymentReceipt(
            charge_id=f"ch_local_{uuid.uuid4().hex}",
            amount_cents=amount_cents,
            currency=currency,
        )
        self._by_key[idempotency_key] = (request, receipt)
        return receipt

    async def find_charge(self, idempotency_key: str) -> PaymentReceipt | None:
        taken = self._by_key.get(idempotency_key)
        return None if taken is None else taken[1]
