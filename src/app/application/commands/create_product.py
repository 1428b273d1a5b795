from dataclasses import dataclass
from decimal import Decimal

from app.application.ports.product_data_mapper import ProductDataMapper
from app.application.ports.transaction_manager import TransactionManager
from app.application.services.current_user import CurrentUser
from app.domain.entities.product import Product
from app.domain.ports.id_generator import IdGenerator
from app.domain.value_objects.ids import ProductId
from app.domain.value_objects.product_fields import (
    Category,
    Description,
    Price,
    ProductName,
)


@dataclass(frozen=True, slots=True)
class CreateProductCommand:
    name: str
    category: str
    price: Decimal
    description: str = ""


class CreateProduct:
    """Adds a product to the catalog (admins only).

    Raises AuthenticationError, AuthorizationError, DomainValidationError,
    ProductNameTakenError.
    """

    def __init__(
        self,
        current_user: CurrentUser,
        products: ProductDataMapper,
        transaction: TransactionManager,
        id_generator: IdGenerator,
    ) -> None:
        self._current_user = current_user
        self._products = products
        self._transaction = transaction
        self._id_generator = id_generator

    async def execute(self, command: CreateProductCommand) -> ProductId:
        await self._current_user.require_admin()
        product = Product(
            id=ProductId(self._id_generator.new_id()),
            name=ProductName(command.name),
            category=Category(command.category),
            price=Price(command.price),
            description=Description(command.description),
        )
        await self._products.add(product)
        await self._transaction.commit()
        return product.id
