from typing import Protocol
from uuid import UUID

from app.application.query_models.product_image_view import ProductImageView


class ProductImageReader(Protocol):
    """Answers what is stored about product images (the read side).

    Every method raises ReaderError when the store fails.
    """

    async def get_product_image(self, product_id: UUID) -> ProductImageView | None:
        """The product's image, or None when it has none or there is no such
        product."""
        ...
