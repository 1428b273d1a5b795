"""Entities and stored rows for the adapter tests."""

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.domain.entities.order import Order, OrderLine
from app.domain.entities.product import Product
from app.domain.entities.user import User
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import OrderId, ProductId, UserId
from app.domain.value_objects.order_fields import OrderRequestKey, Quantity
from app.domain.value_objects.password import PasswordHash
from app.domain.value_objects.product_fields import (
    Category,
    Description,
    Price,
    ProductName,
)
from app.domain.value_objects.user_role import UserRole
from app.infrastructure.adapters.sqla_order_data_mapper import SqlaOrderDataMapper
from app.infrastructure.adapters.sqla_product_data_mapper import (
    SqlaProductDataMapper,
)
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from app.infrastructure.adapters.sqla_user_data_mapper import SqlaUserDataMapper
from app.infrastructure.adapters.uuid4_id_generator import Uuid4IdGenerator

_ids = Uuid4IdGenerator()

SessionFactory = async_sessionmaker[AsyncSession]


def new_user(
    email: str = "alice@example.com",
    *,
    role: UserRole = UserRole.USER,
    is_active: bool = True,
    password_hash: str = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
) -> User:
    return User(
        id=UserId(_ids.new_id()),
        email=Email(email),
        password_hash=PasswordHash(password_hash),
        role=role,
        is_active=is_active,
    )


def new_product(
    name: str = "anvil",
    *,
    category: str = "tools",
    price: str = "10.00",
    description: str = "",
) -> Product:
    return Product(
        id=ProductId(_ids.new_id()),
        name=ProductName(name),
        category=Category(category),
        price=Price(Decimal(price)),
        description=Description(description),
    )


async def store_users(session_factory: SessionFactory, *users: User) -> None:
    """Adds and commits the users in a unit of work of their own."""
    async with session_factory() as session:
        mapper = SqlaUserDataMapper(session)
        for user in users:
            await mapper.add(user)
        await SqlaTransaction(session).commit()


async def store_products(session_factory: SessionFactory, *products: Product) -> None:
    """Adds and commits the products in a unit of work of their own."""
    async with session_factory() as session:
        mapper = SqlaProductDataMapper(session)
        for product in products:
            await mapper.add(product)
        await SqlaTransaction(session).commit()


async def load_user(session_factory: SessionFactory, user_id: UserId) -> User | None:
    """The user as a fresh session sees it."""
    async with session_factory() as session:
        return await SqlaUserDataMapper(session).get_by_id(user_id)


async def load_product(
    session_factory: SessionFactory, product_id: ProductId
) -> Product | None:
    """The product as a fresh session sees it."""
    async with session_factory() as session:
        return await SqlaProductDataMapper(session).get_by_id(product_id)


def new_order(user: User, key: str, *priced: tuple[Product, int]) -> Order:
    """An unpaid order of ``quantity`` of each product at its price."""
    return Order(
        id=OrderId(_ids.new_id()),
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
