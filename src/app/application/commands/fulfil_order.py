from app.application.common.pipeline import Pipeline
from app.application.ports.mark_order_fulfilled_step import (
    MarkOrderFulfilledStepPort,
)
from app.application.ports.order_loader import OrderLoader
from app.application.ports.transaction_manager import TransactionManager
from app.domain.events.order_placed import OrderPlaced


class FulfilOrder:
    """Fulfils a placed order by running the fulfilment pipeline (load the
    order, mark it fulfilled) and committing what its steps changed.

    Runs for each OrderPlaced the broker delivers. Delivered twice, the second
    run finds the order fulfilled and changes nothing. Raises
    OrderNotFoundError, OrderStateError (an unpaid order), PipelineError, and
    DataMapperError when the store fails.
    """

    def __init__(
        self,
        load_order: OrderLoader,
        mark_fulfilled: MarkOrderFulfilledStepPort,
        transaction: TransactionManager,
    ) -> None:
        self._pipeline = Pipeline([load_order, mark_fulfilled])
        self._transaction = transaction

    async def execute(self, event: OrderPlaced) -> None:
        await self._pipeline.run({"order_id": event.order_id})
        await self._transaction.commit()
