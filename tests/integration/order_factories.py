"""Orders and stored order rows for the orders' adapter tests."""

from app.domain.entities.order import Order, OrderLine
from app.domain.entities.product import Product
from app.domain.entities.user import User
from app.domain.value_objects.ids import OrderId
from app.domain.value_objects.order_fields import OrderRequestKey, Quantity
from app.infrastructure.adapters.sqla_order_data_mapper import SqlaOrderDataMapper
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from tests.integration.factories import SessionFactory, id_generator


def new_order(user: User, key: str, *priced: tuple[Product, int]) -> Order:
    """An unpaid order of ``quantity`` of each product at its price."""
    return Order(
        id=OrderId(id_generator.new_id()),
        user_id=user.id,
        request_key=OrderRequestKey(key),
        lines=tuple(
            OrderLine(
                product_id=product.id,
                quantity=Quantity(quantity),
                unit_price=product.price,
            )
            for product, quantity in priced
        ),
    )


async def store_orders(session_factory: SessionFactory, *orders: Order) -> None:
    """Adds and commits the orders in a unit of work of their own."""
    async with session_factory() as session:
        mapper = SqlaOrderDataMapper(session)
        for order in orders:
            await mapper.add(order)
        await SqlaTransaction(session).commit()
