from copy import copy
from typing import cast

from app.application.common.pipeline import Pipeline, PipelineContext, require
from app.application.ports.order_fulfilled_marker import OrderFulfilledMarker
from app.application.ports.order_loader import OrderLoader
from app.application.ports.transaction_manager import TransactionManager
from app.domain.entities.order import Order
from app.domain.events.order_placed import OrderPlaced
from app.domain.exceptions import OrderNotFoundError
from app.domain.value_objects.order_fields import OrderStatus


class FulfilOrder:
    """Fulfils a placed order by running the fulfilment pipeline (load the
    order, fulfil it by the rule below, store it) and committing what its
    steps changed.

    Runs for each OrderPlaced the broker delivers. Delivered twice, the second
    run finds the order fulfilled and changes nothing. Raises
    OrderNotFoundError, OrderStateError (an unpaid order), PipelineError, and
    DataMapperError when the store fails.
    """

    def __init__(
        self,
        load_order: OrderLoader,
        mark_fulfilled: OrderFulfilledMarker,
        transaction: TransactionManager,
    ) -> None:
        self._pipeline = Pipeline([load_order, _Fulfil(), mark_fulfilled])
        self._transaction = transaction

    async def execute(self, event: OrderPlaced) -> None:
        await self._pipeline.run({"order_id": event.order_id})
        await self._transaction.commit()


class _Fulfil:
    """The rule, as the step between loading the order and storing it: a paid
    order becomes fulfilled (an unpaid one is refused: Order.mark_fulfilled);
    one fulfilled before stays as it is, so an OrderPlaced delivered again has
    no second effect; an order that does not exist is not found."""

    name = "fulfil"

    async def run(self, context: PipelineContext) -> PipelineContext:
        # What the loading step stored: cast() checks nothing.
        order = cast("Order | None", require(context, "order", self.name))
        if order is None:
            raise OrderNotFoundError
        if order.status is OrderStatus.FULFILLED:
            return dict(context)
        # A copy: the order in the given context stays as it was.
        fulfilled = copy(order)
        fulfilled.mark_fulfilled()
        return {**context, "order": fulfilled}
