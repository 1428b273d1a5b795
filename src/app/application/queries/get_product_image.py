from dataclasses import dataclass
from typing import NoReturn
from uuid import UUID

from app.application.exceptions import FileNotFoundInStorageError
from app.application.ports.product_image_reader import ProductImageReader
from app.application.ports.product_image_storage import ProductImageStorage
from app.application.ports.product_reader import ProductReader
from app.application.query_models.product_image_view import ProductImageFile
from app.domain.exceptions import ProductImageNotFoundError, ProductNotFoundError

# Reads of the row: a replacement committed between reading the row and its
# file deletes that file; reading the row again finds the new one.
_ATTEMPTS = 2


@dataclass(frozen=True, slots=True)
class GetProductImageQuery:
    product_id: UUID


class GetProductImage:
    """A product's image, bytes and type, for anyone.

    Raises ProductNotFoundError, ProductImageNotFoundError (the product has
    no image, or its file is missing from the storage).
    """

    def __init__(
        self,
        images: ProductImageReader,
        products: ProductReader,
        storage: ProductImageStorage,
    ) -> None:
        self._images = images
        self._products = products
        self._storage = storage

    async def execute(self, query: GetProductImageQuery) -> ProductImageFile:
        missing_key = None
        for _ in range(_ATTEMPTS):
            image = await self._images.get_product_image(query.product_id)
            if image is None:
                await self._raise_not_found(query.product_id)
            if image.storage_key == missing_key:
                break
            try:
                content = await self._storage.load(image.storage_key)
            except FileNotFoundInStorageError:
                missing_key = image.storage_key
                continue
            return ProductImageFile(
                content=content, content_type=image.content_type, sha256=image.sha256
            )
        raise ProductImageNotFoundError(
            "The image of this product is missing from the storage."
        )

    async def _raise_not_found(self, product_id: UUID) -> NoReturn:
        if await self._products.get_product(product_id) is None:
            raise ProductNotFoundError
        raise ProductImageNotFoundError
