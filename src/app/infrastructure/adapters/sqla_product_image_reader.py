from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.application.ports.product_image_reader import ProductImageReader
from app.application.query_models.product_image_view import ProductImageView
from app.infrastructure.exceptions import ReaderError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.product import ProductModel


class SqlaProductImageReader(ProductImageReader):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_product_image(self, product_id: UUID) -> ProductImageView | None:
        query = select(
            ProductModel.image_content_type,
            ProductModel.image_size_bytes,
            ProductModel.image_sha256,
            ProductModel.image_storage_key,
        ).where(ProductModel.id == product_id)
        try:
            row = (await self._session.execute(query)).one_or_none()
        except DATABASE_ERRORS as err:
            raise ReaderError from err
        if row is None:
            return None
        content_type, size_bytes, sha256, storage_key = row
        # All null when the product has no image (check image_complete).
        if (
            content_type is None
            or size_bytes is None
            or sha256 is None
            or storage_key is None
        ):
            return None
        return ProductImageView(
            content_type=content_type,
            size_bytes=size_bytes,
            sha256=sha256,
            storage_key=storage_key,
        )
