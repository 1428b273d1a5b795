import hashlib
from collections.abc import AsyncIterable
from dataclasses import dataclass
from uuid import UUID

from app.application.common.product_images import (
    ProductImageLimits,
    discard_stored_image,
    product_image_key,
)
from app.application.ports.product_data_mapper import ProductDataMapper
from app.application.ports.product_image_storage import ProductImageStorage
from app.application.ports.transaction_manager import TransactionManager
from app.application.services.current_user import CurrentUser
from app.domain.exceptions import ProductImageTooLargeError, ProductNotFoundError
from app.domain.value_objects.ids import ProductId
from app.domain.value_objects.product_image import ImageType, ProductImage


@dataclass(frozen=True, slots=True)
class UploadProductImageCommand:
    product_id: UUID
    # The declared media type (the request's Content-Type), None when absent.
    content_type: str | None
    # The bytes, in chunks: read only up to the size limit, so an oversized
    # upload is refused without being held in memory.
    content: AsyncIterable[bytes]
    # The declared length (Content-Length), when the client sent one.
    declared_size: int | None = None


class UploadProductImage:
    """Stores a product's image, replacing the one it had (admins only).

    The checks that need no body come first (admin, type, declared size,
    product), then the body is read up to the limit and its first bytes must
    be the declared format's signature. The bytes are stored under a new key
    before the product row names them; the file the row named before is
    deleted after the commit.

    Raises AuthenticationError, AuthorizationError,
    UnsupportedProductImageTypeError, ProductImageTooLargeError,
    ProductNotFoundError, DomainValidationError (empty),
    ProductImageContentMismatchError.
    """

    def __init__(
        self,
        current_user: CurrentUser,
        products: ProductDataMapper,
        storage: ProductImageStorage,
        transaction: TransactionManager,
        limits: ProductImageLimits,
    ) -> None:
        self._current_user = current_user
        self._products = products
        self._storage = storage
        self._transaction = transaction
        self._limits = limits

    async def execute(self, command: UploadProductImageCommand) -> None:
        await self._current_user.require_admin()
        image_type = ImageType.parse(command.content_type)
        max_bytes = self._limits.max_bytes
        if command.declared_size is not None and command.declared_size > max_bytes:
            raise ProductImageTooLargeError(max_bytes)
        product = await self._products.get_by_id(ProductId(command.product_id))
        if product is None:
            raise ProductNotFoundError
        content = await _read_at_most(command.content, max_bytes)
        image_type.check_content(content)
        sha256 = hashlib.sha256(content).hexdigest()
        image = ProductImage(
            content_type=image_type,
            size_bytes=len(content),
            sha256=sha256,
            storage_key=product_image_key(product.id, sha256, image_type),
        )
        previous = product.image
        # The same bytes again are the same key: nothing to delete then.
        unused = previous.storage_key if previous is not None else None
        await self._storage.save(image.storage_key, content, image_type.value)
        product.image = image
        await self._products.update(product)
        try:
            await self._transaction.commit()
        except Exception:
            if image.storage_key != unused:
                await discard_stored_image(self._storage, image.storage_key)
            raise
        if unused is not None and unused != image.storage_key:
            await discard_stored_image(self._storage, unused)


async def _read_at_most(chunks: AsyncIterable[bytes], max_bytes: int) -> bytes:
    """The whole content; ProductImageTooLargeError as soon as it passes
    ``max_bytes`` (at most one chunk more is ever held)."""
    content = bytearray()
    async for chunk in chunks:
        content += chunk
        if len(content) > max_bytes:
            raise ProductImageTooLargeError(max_bytes)
    return bytes(content)
