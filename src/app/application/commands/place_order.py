from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from app.application.common.order_placements import (
    payment_key,
    placement_key,
    placement_request,
    record_payment,
)
from app.application.exceptions import (
    IdempotencyKeyInUseError,
    IdempotencyKeyReusedError,
)
from app.application.ports.event_outbox import EventOutbox
from app.application.ports.order_data_mapper import OrderDataMapper
from app.application.ports.payment_gateway import PaymentGateway
from app.application.ports.product_data_mapper import ProductDataMapper
from app.application.ports.transaction_manager import TransactionManager
from app.application.services.current_user import CurrentUser
from app.application.services.idempotency import Idempotency
from app.domain.entities.order import Order, OrderLine
from app.domain.entities.product import Product
from app.domain.exceptions import OrderRequestKeyTakenError, UnknownProductError
from app.domain.ports.id_generator import IdGenerator
from app.domain.value_objects.ids import OrderId, ProductId, UserId
from app.domain.value_objects.order_fields import (
    CATALOG_CURRENCY,
    OrderRequestKey,
    OrderStatus,
    Quantity,
)

Lines = tuple[tuple[ProductId, Quantity], ...]


@dataclass(frozen=True, slots=True)
class OrderLineCommand:
    product_id: UUID
    quantity: int


@dataclass(frozen=True, slots=True)
class PlaceOrderCommand:
    # The client's Idempotency-Key: sending the same order again with it
    # (after a timeout, say) returns the first order, charged once.
    idempotency_key: str
    lines: list[OrderLineCommand]


class PlaceOrder:
    """Places an order for catalog products at their current prices, charges
    it, and records OrderPlaced in the same transaction as the payment.

    The client's key goes through the Idempotency service: the same order
    sent again, even at the same time, gets the first placement's order and
    is never placed or charged twice; another order with a used key is
    refused. The order is stored before it is charged, so a failed or
    timed-out charge leaves it unpaid; placing it again with the same key
    charges it with the same payment idempotency key, which the provider
    never takes twice (and ReconcilePayments settles it if nobody does).

    Raises AuthenticationError, DomainValidationError (UnknownProductError
    included), IdempotencyKeyReusedError, IdempotencyKeyInUseError, and the
    payment gateway's ExternalServiceError family when the charge fails.
    """

    def __init__(
        self,
        current_user: CurrentUser,
        idempotency: Idempotency,
        orders: OrderDataMapper,
        products: ProductDataMapper,
        payments: PaymentGateway,
        outbox: EventOutbox,
        transaction: TransactionManager,
        id_generator: IdGenerator,
    ) -> None:
        self._current_user = current_user
        self._idempotency = idempotency
        self._orders = orders
        self._products = products
        self._payments = payments
        self._outbox = outbox
        self._transaction = transaction
        self._id_generator = id_generator

    async def execute(self, command: PlaceOrderCommand) -> OrderId:
        # The id alone, from the session; then the transaction its check
        # opened ends: a request waiting for the same placement in flight
        # holds no connection to the store.
        user_id = await self._current_user.id()
        await self._transaction.commit()
        request_key = OrderRequestKey(command.idempotency_key)
        lines = tuple(
            (ProductId(line.product_id), Quantity(line.quantity))
            for line in command.lines
        )

        async def place() -> str:
            return str(await self._place(user_id, request_key, lines))

        placed = await self._idempotency.run(
            placement_key(user_id, request_key), placement_request(lines), place
        )
        return OrderId(UUID(placed))

    async def _place(
        self, user_id: UserId, request_key: OrderRequestKey, lines: Lines
    ) -> OrderId:
        await self._current_user.get()  # an active account
        order = await self._orders.get_by_request_key(user_id, request_key)
        if order is None:
            order = await self._store_new_order(user_id, request_key, lines)
        elif not order.same_request(lines):
            # Only when the key's record is gone; the record refuses it first.
            raise IdempotencyKeyReusedError
        if order.status is OrderStatus.PENDING_PAYMENT:
            await self._charge(order)
        return order.id

    async def _store_new_order(
        self, user_id: UserId, request_key: OrderRequestKey, lines: Lines
    ) -> Order:
        # Every line's product in one read, not one per line.
        products = await self._products.get_by_ids({id_ for id_, _ in lines})
        order = Order(
            id=OrderId(self._id_generator.new_id()),
            user_id=user_id,
            request_key=request_key,
            lines=tuple(
                _priced_line(number, product_id, quantity, products)
                for number, (product_id, quantity) in enumerate(lines)
            ),
        )
        # Committed before the charge: the payment's idempotency key is the
        # order's id, so the order must outlive a charge that fails.
        try:
            await self._orders.add(order)
            await self._transaction.commit()
        except OrderRequestKeyTakenError as err:
            # A placement whose claim outlived its lease still runs.
            raise IdempotencyKeyInUseError from err
        return order

    async def _charge(self, order: Order) -> None:
        receipt = await self._payments.charge(
            idempotency_key=payment_key(order.id),
            amount_cents=int(order.total * 100),
            currency=CATALOG_CURRENCY,
            reference=str(order.id),
        )
        await record_payment(
            order, receipt.charge_id, self._orders, self._outbox, self._transaction
        )


def _priced_line(
    number: int,
    product_id: ProductId,
    quantity: Quantity,
    products: Mapping[ProductId, Product],
) -> OrderLine:
    """Line ``number`` (from 0) at its product's price; UnknownProductError
    names the line when no product has its id."""
    product = products.get(product_id)
    if product is None:
        raise UnknownProductError(number)
    return OrderLine(product_id=product_id, quantity=quantity, unit_price=product.price)
