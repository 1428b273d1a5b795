from dataclasses import dataclass
from uuid import UUID

from app.application.common.product_images import discard_stored_image
from app.application.ports.product_data_mapper import ProductDataMapper
from app.application.ports.product_image_storage import ProductImageStorage
from app.application.ports.transaction_manager import TransactionManager
from app.application.services.current_user import CurrentUser
from app.domain.exceptions import ProductNotFoundError
from app.domain.value_objects.ids import ProductId


@dataclass(frozen=True, slots=True)
class DeleteProductCommand:
    product_id: UUID


class DeleteProduct:
    """Removes a product from the catalog (admins only), and then its image
    file, if it had one.

    Raises AuthenticationError, AuthorizationError, ProductNotFoundError.
    """

    def __init__(
        self,
        current_user: CurrentUser,
        products: ProductDataMapper,
        transaction: TransactionManager,
        images: ProductImageStorage,
    ) -> None:
        self._current_user = current_user
        self._products = products
        self._transaction = transaction
        self._images = images

    async def execute(self, command: DeleteProductCommand) -> None:
        await self._current_user.require_admin()
        product = await self._products.get_by_id(ProductId(command.product_id))
        if product is None:
            raise ProductNotFoundError
        await self._products.delete(product)
        await self._transaction.commit()
        if product.image is not None:
            await discard_stored_image(self._images, product.image.storage_key)
