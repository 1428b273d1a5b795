import logging
from dataclasses import dataclass
from datetime import timedelta

from app.application.common.order_placements import (
    payment_key,
    placement_key,
    placement_request,
    record_payment,
)
from app.application.ports.event_outbox import EventOutbox
from app.application.ports.order_data_mapper import OrderDataMapper
from app.application.ports.payment_gateway import PaymentGateway
from app.application.ports.transaction_manager import TransactionManager
from app.application.services.idempotency import Idempotency
from app.domain.entities.order import Order
from app.domain.value_objects.ids import OrderId
from app.domain.value_objects.order_fields import OrderStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PaymentReconciliationConfig:
    # An order unpaid this long was left by a placement that failed after
    # (or while) charging: longer than any charge can take, retries
    # included, so that no charge is still on its way.
    after_seconds: float = 300.0
    # Orders settled per run, oldest first.
    batch_size: int = 100


class ReconcilePayments:
    """Settles orders left pending payment: a placement whose store
    failed after the provider took the charge, or whose client gave up
    after a timeout and never sent it again, leaves the customer charged
    and the order unpaid.

    Each order unpaid for ``after_seconds`` is looked up at the payment
    gateway by its payment key: charged, it is marked paid and OrderPlaced
    recorded (so it is fulfilled) as the placement would have; not charged,
    it is cancelled. Each order is settled under its placement's
    Idempotency-Key, so a client retrying the placement at that moment
    waits rather than charging it as it is settled; the key then answers
    the settled order. An order whose key another request holds is left for
    the next run. Run periodically, as a job.

    Raises DataMapperError when the store fails and the gateway's
    ExternalServiceError family when it cannot tell (the order is left for
    the next run).
    """

    def __init__(
        self,
        orders: OrderDataMapper,
        payments: PaymentGateway,
        outbox: EventOutbox,
        transaction: TransactionManager,
        idempotency: Idempotency,
        config: PaymentReconciliationConfig,
    ) -> None:
        self._orders = orders
        self._payments = payments
        self._outbox = outbox
        self._transaction = transaction
        self._idempotency = idempotency
        self._config = config

    async def execute(self) -> int:
        """Settles what is due now; how many orders it settled."""
        due = await self._orders.list_pending_payment(
            timedelta(seconds=self._config.after_seconds), self._config.batch_size
        )
        settled = 0
        for order in due:
            if await self._settle_unless_busy(order):
                settled += 1
        return settled

    async def _settle_unless_busy(self, order: Order) -> bool:
        lines = ((line.product_id, line.quantity) for line in order.lines)

        async def settle() -> str:
            await self._settle(order.id)
            return str(order.id)

        return await self._idempotency.run_if_free(
            placement_key(order.user_id, order.request_key),
            placement_request(lines),
            settle,
        )

    async def _settle(self, order_id: OrderId) -> None:
        # Read again under the key: a placement may have paid it meanwhile.
        order = await self._orders.get_by_id(order_id)
        if order is None or order.status is not OrderStatus.PENDING_PAYMENT:
            return
        receipt = await self._payments.find_charge(payment_key(order.id))
        if receipt is not None:
            await record_payment(
                order, receipt.charge_id, self._orders, self._outbox, self._transaction
            )
            logger.info("order %s was charged and is paid now", order.id)
            return
        order.cancel()
        await self._orders.update(order)
        await self._transaction.commit()
        logger.info("order %s was never charged and is cancelled", order.id)
