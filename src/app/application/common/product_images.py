"""Rules of product images the application decides: how large one may be
(a setting) and where its bytes are stored."""

import logging
from dataclasses import dataclass
from uuid import UUID

from app.application.ports.product_image_storage import ProductImageStorage
from app.domain.value_objects.product_image import ImageType

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ProductImageLimits:
    # PRODUCT_IMAGE_MAX_BYTES: larger uploads are refused unread.
    max_bytes: int = DEFAULT_MAX_BYTES


def product_image_key(product_id: UUID, sha256: str, image_type: ImageType) -> str:
    """The storage key of an image: made of the product's id and the content's
    digest, never of anything the client named. A new image gets a new key,
    so the stored row always names a complete file, even while it is being
    replaced."""
    return f"products/{product_id}/image-{sha256}.{image_type.extension}"


async def discard_stored_image(storage: ProductImageStorage, key: str) -> None:
    """Deletes an image file no product names any more, as a best effort: a
    failure leaves an unused file (wasted space, never a wrong answer) and is
    logged; it does not undo what was committed."""
    try:
        await storage.delete(key)
    except Exception:
        logger.warning(
            "could not delete the unused product image %s", key, exc_info=True
        )
