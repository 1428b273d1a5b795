"""A product's image columns on both databases: SqlaProductDataMapper keeps
them, SqlaProductImageReader answers from them, and the schema refuses half
an image."""

import uuid
from dataclasses import replace

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.application.common.product_images import product_image_key
from app.application.query_models.product_image_view import ProductImageView
from app.domain.value_objects.ids import ProductId
from app.domain.value_objects.product_image import ImageType, ProductImage
from app.infrastructure.adapters.sqla_product_data_mapper import (
    SqlaProductDataMapper,
)
from app.infrastructure.adapters.sqla_product_image_reader import (
    SqlaProductImageReader,
)
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from app.infrastructure.exceptions import ReaderError
from app.infrastructure.persistence.database import create_session_factory
from app.infrastructure.persistence.models.product import ProductModel
from tests.integration.factories import SessionFactory
from tests.integration.product_factories import (
    load_product,
    new_product,
    store_products,
)
from tests.support.images import JPEG, PNG, sha256


def image_of(
    product_id: uuid.UUID, content: bytes, image_type: ImageType
) -> ProductImage:
    digest = sha256(content)
    return ProductImage(
        content_type=image_type,
        size_bytes=len(content),
        sha256=digest,
        storage_key=product_image_key(product_id, digest, image_type),
    )


async def set_image(
    session_factory: SessionFactory, product_id: uuid.UUID, image: ProductImage | None
) -> None:
    async with session_factory() as session:
        mapper = SqlaProductDataMapper(session)
        loaded = await mapper.get_by_id(ProductId(product_id))
        assert loaded is not None
        loaded.image = image
        await mapper.update(loaded)
        await SqlaTransaction(session).commit()


async def test_a_new_product_has_no_image(session_factory: SessionFactory) -> None:
    product = new_product()
    await store_products(session_factory, product)

    loaded = await load_product(session_factory, product.id)

    assert loaded is not None
    assert loaded.image is None


async def test_an_image_is_stored_replaced_and_removed(
    session_factory: SessionFactory,
) -> None:
    product, other = new_product("anvil"), new_product("bolt")
    await store_products(session_factory, product, other)
    png = image_of(product.id, PNG, ImageType.PNG)
    jpeg = image_of(product.id, JPEG, ImageType.JPEG)

    await set_image(session_factory, product.id, png)
    first = await load_product(session_factory, product.id)
    await set_image(session_factory, product.id, jpeg)
    second = await load_product(session_factory, product.id)
    await set_image(session_factory, product.id, None)
    removed = await load_product(session_factory, product.id)

    assert first is not None
    assert first.image == png
    assert second is not None
    assert second.image == jpeg
    assert removed is not None
    assert removed.image is None
    untouched = await load_product(session_factory, other.id)
    assert untouched is not None
    assert untouched.image is None


async def test_a_product_added_with_an_image_keeps_it(
    session_factory: SessionFactory,
) -> None:
    product = new_product()
    product = replace(product, image=image_of(product.id, PNG, ImageType.PNG))
    await store_products(session_factory, product)

    loaded = await load_product(session_factory, product.id)

    assert loaded is not None
    assert loaded.image == product.image


async def test_the_reader_answers_the_image_or_none(
    session: AsyncSession, session_factory: SessionFactory
) -> None:
    with_image, without = new_product("anvil"), new_product("bolt")
    await store_products(session_factory, with_image, without)
    image = image_of(with_image.id, PNG, ImageType.PNG)
    await set_image(session_factory, with_image.id, image)
    reader = SqlaProductImageReader(session)

    assert await reader.get_product_image(with_image.id) == ProductImageView(
        content_type="image/png",
        size_bytes=len(PNG),
        sha256=sha256(PNG),
        storage_key=image.storage_key,
    )
    assert await reader.get_product_image(without.id) is None
    assert await reader.get_product_image(uuid.uuid4()) is None


async def test_half_an_image_is_refused_by_the_schema(
    session: AsyncSession, session_factory: SessionFactory
) -> None:
    product = new_product()
    await store_products(session_factory, product)

    half = (
        update(ProductModel)
        .where(ProductModel.id == product.id)
        .values(image_content_type="image/png", image_size_bytes=10)
    )

    with pytest.raises(IntegrityError, match=r"(?i)check"):
        await session.execute(half)


async def test_the_reader_on_an_unreachable_database_raises_reader_error(
    unreachable_engine: AsyncEngine,
) -> None:
    async with create_session_factory(unreachable_engine)() as session:
        with pytest.raises(ReaderError) as raised:
            await SqlaProductImageReader(session).get_product_image(uuid.uuid4())

    assert raised.value.__cause__ is not None
