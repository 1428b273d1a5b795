from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from app.application.ports.product_data_mapper import ProductDataMapper
from app.application.ports.transaction_manager import TransactionManager
from app.application.services.current_user import CurrentUser
from app.domain.exceptions import ProductNotFoundError
from app.domain.value_objects.ids import ProductId
from app.domain.value_objects.product_fields import (
    Category,
    Description,
    Price,
    ProductName,
)


@dataclass(frozen=True, slots=True)
class UpdateProductCommand:
    """The fields to change; None leaves a field as it is."""

    product_id: UUID
    name: str | None = None
    category: str | None = None
    price: Decimal | None = None
    description: str | None = None


class UpdateProduct:
    """Changes some fields of a product (admins only).

    Raises AuthenticationError, AuthorizationError, ProductNotFoundError,
    DomainValidationError, ProductNameTakenError.
    """

    def __init__(
        self,
        current_user: CurrentUser,
        products: ProductDataMapper,
        transaction: TransactionManager,
    ) -> None:
        self._current_user = current_user
        self._products = products
        self._transaction = transaction

    async def execute(self, command: UpdateProductCommand) -> None:
        await self._current_user.require_admin()
        product = await self._products.get_by_id(ProductId(command.product_id))
        if product is None:
            raise ProductNotFoundError
        if command.name is not None:
            product.name = ProductName(command.name)
        if command.category is not None:
            product.category = Category(command.category)
        if command.price is not None:
            product.price = Price(command.price)
        if command.description is not None:
            product.description = Description(command.description)
        await self._products.update(product)
        await self._transaction.commit()
