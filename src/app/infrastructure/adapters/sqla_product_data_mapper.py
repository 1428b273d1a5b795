from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.application.ports.product_data_mapper import ProductDataMapper
from app.domain.entities.product import Product
from app.domain.value_objects.ids import ProductId
from app.domain.value_objects.product_fields import (
    Category,
    Description,
    Price,
    ProductName,
)
from app.domain.value_objects.product_image import ImageType, ProductImage
from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.base import table_of
from app.infrastructure.persistence.models.product import ProductModel
from app.infrastructure.persistence.money import cents_to_price, price_to_cents

_PRODUCTS = table_of(ProductModel)
# Built once; plain rows: products read to price lines are not changed
# through this session, so they need no ORM objects (identity map entries,
# change tracking), which cost more than the rows.
_BY_IDS = select(_PRODUCTS).where(_PRODUCTS.c.id.in_(bindparam("ids", expanding=True)))


class SqlaProductDataMapper(ProductDataMapper):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, product: Product) -> None:
        row = ProductModel(id=product.id)
        _copy_to_row(product, row)
        self._session.add(row)

    async def get_by_id(self, product_id: ProductId) -> Product | None:
        row = await self._load(product_id)
        return None if row is None else _to_domain(row)

    async def get_by_ids(
        self, product_ids: Collection[ProductId]
    ) -> Mapping[ProductId, Product]:
        try:
            rows = await self._session.execute(_BY_IDS, {"ids": list(product_ids)})
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
        return {ProductId(row.id): _to_domain(row) for row in rows}

    async def update(self, product: Product) -> None:
        row = await self._load(product.id)
        if row is None:
            raise DataMapperError(f"Product {product.id} was never loaded or added.")
        _copy_to_row(product, row)

    async def delete(self, product: Product) -> None:
        row = await self._load(product.id)
        if row is None:
            return
        try:
            await self._session.delete(row)
        except DATABASE_ERRORS as err:
            raise DataMapperError from err

    async def _load(self, product_id: ProductId) -> ProductModel | None:
        try:
            return await self._session.get(ProductModel, product_id)
        except DATABASE_ERRORS as err:
            raise DataMapperError from err


def _copy_to_row(product: Product, row: ProductModel) -> None:
    row.name = product.name.value
    row.category = product.category.value
    row.price_cents = price_to_cents(product.price.amount)
    row.description = product.description.value
    image = product.image
    row.image_content_type = None if image is None else image.content_type.value
    row.image_size_bytes = None if image is None else image.size_bytes
    row.image_sha256 = None if image is None else image.sha256
    row.image_storage_key = None if image is None else image.storage_key


def _to_domain(row: ProductModel | Row[Any]) -> Product:
    return Product(
        id=ProductId(row.id),
        name=ProductName(row.name),
        category=Category(row.category),
        price=Price(cents_to_price(row.price_cents)),
        description=Description(row.description),
        image=_image_of(row),
    )


def _image_of(row: ProductModel | Row[Any]) -> ProductImage | None:
    if (
        row.image_content_type is None
        or row.image_size_bytes is None
        or row.image_sha256 is None
        or row.image_storage_key is None
    ):
        return None
    return ProductImage(
        content_type=ImageType(row.image_content_type),
        size_bytes=row.image_size_bytes,
        sha256=row.image_sha256,
        storage_key=row.image_storage_key,
    )
