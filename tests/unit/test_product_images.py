"""UploadProductImage and GetProductImage on the in-memory fakes, and what
DeleteProduct does with a product's image."""

import logging
from collections.abc import AsyncIterator

import pytest

from app.application.commands.delete_product import DeleteProductCommand
from app.application.commands.upload_product_image import UploadProductImageCommand
from app.application.common.product_images import ProductImageLimits
from app.application.exceptions import AuthenticationError, AuthorizationError
from app.application.queries.get_product_image import GetProductImageQuery
from app.application.query_models.product_image_view import ProductImageFile
from app.domain.entities.product import Product
from app.domain.entities.user import User
from app.domain.exceptions import (
    DomainValidationError,
    ProductImageContentMismatchError,
    ProductImageNotFoundError,
    ProductImageTooLargeError,
    ProductNotFoundError,
    UnsupportedProductImageTypeError,
)
from app.domain.value_objects.product_image import ImageType, ProductImage
from tests.support.doubles.in_memory_product_image_storage import (
    InMemoryProductImageStorage,
)
from tests.support.images import GIF, JPEG, PNG, WEBP, sha256
from tests.unit.world import World


class Body:
    """A request body arriving in chunks; counts how much was read."""

    def __init__(self, content: bytes, chunk_size: int = 16) -> None:
        self._chunks = [
            content[i : i + chunk_size] for i in range(0, len(content), chunk_size)
        ]
        self.bytes_read = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks:
            self.bytes_read += len(chunk)
            yield chunk


def upload(
    product: Product,
    content: bytes | Body,
    content_type: str | None = "image/png",
    *,
    declared_size: int | None = None,
) -> UploadProductImageCommand:
    body = content if isinstance(content, Body) else Body(content)
    return UploadProductImageCommand(
        product_id=product.id,
        content_type=content_type,
        content=body,
        declared_size=declared_size,
    )


async def upload_as(
    world: World, admin: User, product: Product, content: bytes, content_type: str
) -> ProductImage:
    await (
        world.request(admin)
        .upload_product_image()
        .execute(upload(product, content, content_type))
    )
    image = world.stored_product(product.id).image
    assert image is not None
    return image


async def download(world: World, product: Product) -> ProductImageFile:
    return await (
        world.request().get_product_image().execute(GetProductImageQuery(product.id))
    )


# UploadProductImage


@pytest.mark.parametrize(
    ("content", "content_type", "extension"),
    [
        (PNG, "image/png", "png"),
        (JPEG, "image/jpeg", "jpg"),
        (WEBP, "image/webp", "webp"),
    ],
)
async def test_an_admin_uploads_an_image_that_anyone_downloads(
    world: World, content: bytes, content_type: str, extension: str
) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")

    image = await upload_as(world, admin, product, content, content_type)

    digest = sha256(content)
    assert image == ProductImage(
        content_type=ImageType(content_type),
        size_bytes=len(content),
        sha256=digest,
        storage_key=f"products/{product.id}/image-{digest}.{extension}",
    )
    stored = world.images.files[image.storage_key]
    assert (stored.content, stored.content_type) == (content, content_type)
    assert await download(world, product) == ProductImageFile(
        content=content, content_type=content_type, sha256=digest
    )
    assert world.store.commits == 1


async def test_the_key_never_comes_from_the_client(world: World) -> None:
    # There is no file name to send; the type's parameters are ignored.
    admin = world.add_admin()
    product = world.add_product("Dune")

    image = await upload_as(
        world, admin, product, PNG, 'IMAGE/PNG; name="../../etc/passwd"'
    )

    assert image.content_type is ImageType.PNG
    assert list(world.images.files) == [
        f"products/{product.id}/image-{sha256(PNG)}.png"
    ]


async def test_only_admins_upload_and_the_body_is_not_read_otherwise(
    world: World,
) -> None:
    user = world.add_user("user@example.com")
    product = world.add_product("Dune")
    body = Body(PNG)

    with pytest.raises(AuthorizationError):
        await world.request(user).upload_product_image().execute(upload(product, body))
    with pytest.raises(AuthenticationError):
        await world.request().upload_product_image().execute(upload(product, body))

    assert body.bytes_read == 0
    assert world.images.files == {}
    assert world.stored_product(product.id).image is None


@pytest.mark.parametrize(
    "content_type", ["image/gif", "image/svg+xml", "text/html", "", None]
)
async def test_other_types_are_refused_unread(
    world: World, content_type: str | None
) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")
    body = Body(GIF)

    with pytest.raises(UnsupportedProductImageTypeError) as raised:
        await (
            world.request(admin)
            .upload_product_image()
            .execute(upload(product, body, content_type))
        )

    assert raised.value.code == "unsupported_product_image_type"
    assert body.bytes_read == 0
    assert world.images.files == {}


async def test_a_declared_size_over_the_limit_is_refused_unread(
    world: World,
) -> None:
    world.image_limits = ProductImageLimits(max_bytes=len(PNG) - 1)
    admin = world.add_admin()
    product = world.add_product("Dune")
    body = Body(PNG)

    with pytest.raises(ProductImageTooLargeError) as raised:
        await (
            world.request(admin)
            .upload_product_image()
            .execute(upload(product, body, declared_size=len(PNG)))
        )

    assert raised.value.max_bytes == len(PNG) - 1
    assert body.bytes_read == 0


async def test_a_body_over_the_limit_is_read_only_up_to_it(world: World) -> None:
    world.image_limits = ProductImageLimits(max_bytes=40)
    admin = world.add_admin()
    product = world.add_product("Dune")
    body = Body(PNG + bytes(10_000), chunk_size=16)

    with pytest.raises(ProductImageTooLargeError):
        # No declared size (a chunked upload), or one that lies.
        await (
            world.request(admin)
            .upload_product_image()
            .execute(upload(product, body, declared_size=10))
        )

    # The chunk that passed the limit is the last one read.
    assert body.bytes_read == 48
    assert world.images.files == {}
    assert world.stored_product(product.id).image is None


async def test_an_image_of_exactly_the_limit_is_accepted(world: World) -> None:
    world.image_limits = ProductImageLimits(max_bytes=len(PNG))
    admin = world.add_admin()
    product = world.add_product("Dune")

    image = await upload_as(world, admin, product, PNG, "image/png")

    assert image.size_bytes == len(PNG)


async def test_a_missing_product_is_not_found_and_its_body_unread(
    world: World,
) -> None:
    admin = world.add_admin()
    gone = world.add_product("Dune")
    del world.store.products[gone.id]
    body = Body(PNG)

    with pytest.raises(ProductNotFoundError):
        await world.request(admin).upload_product_image().execute(upload(gone, body))

    assert body.bytes_read == 0


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (JPEG, "image/png"),
        (PNG, "image/jpeg"),
        (PNG, "image/webp"),
        (GIF, "image/png"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/png"),
        # A RIFF container of another form type (a WAVE sound).
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "image/webp"),
        (PNG[:7], "image/png"),
    ],
)
async def test_bytes_that_are_not_of_the_declared_type_are_refused(
    world: World, content: bytes, content_type: str
) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")

    with pytest.raises(ProductImageContentMismatchError) as raised:
        await (
            world.request(admin)
            .upload_product_image()
            .execute(upload(product, content, content_type))
        )

    assert raised.value.code == "product_image_content_mismatch"
    assert world.images.files == {}


async def test_an_empty_image_is_invalid(world: World) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")

    with pytest.raises(DomainValidationError) as raised:
        await world.request(admin).upload_product_image().execute(upload(product, b""))

    assert raised.value.field == "image"


async def test_a_new_image_replaces_the_old_one_and_its_file(world: World) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")
    first = await upload_as(world, admin, product, PNG, "image/png")

    second = await upload_as(world, admin, product, JPEG, "image/jpeg")

    assert second.content_type is ImageType.JPEG
    assert list(world.images.files) == [second.storage_key]
    assert first.storage_key != second.storage_key
    assert (await download(world, product)).content == JPEG


async def test_the_same_image_again_keeps_its_file(world: World) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")
    first = await upload_as(world, admin, product, PNG, "image/png")

    again = await upload_as(world, admin, product, PNG, "image/png")

    assert again == first
    assert list(world.images.files) == [first.storage_key]


async def test_a_failed_commit_keeps_the_old_image_and_drops_the_new_file(
    world: World,
) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")
    first = await upload_as(world, admin, product, PNG, "image/png")
    request = world.request(admin)

    async def fail() -> None:
        raise ConnectionError("the database went away")

    request.transaction.commit = fail  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        await request.upload_product_image().execute(
            upload(product, JPEG, "image/jpeg")
        )

    assert world.stored_product(product.id).image == first
    assert list(world.images.files) == [first.storage_key]
    assert (await download(world, product)).content == PNG


async def test_an_old_file_that_cannot_be_deleted_is_logged_not_raised(
    world: World, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")
    first = await upload_as(world, admin, product, PNG, "image/png")

    async def fail(key: str) -> None:
        raise OSError("read-only file system")

    monkeypatch.setattr(world.images, "delete", fail)
    with caplog.at_level(logging.WARNING):
        second = await upload_as(world, admin, product, JPEG, "image/jpeg")

    assert (await download(world, product)).content == JPEG
    assert first.storage_key in world.images.files  # unused, harmless
    assert second.storage_key in world.images.files
    assert first.storage_key in caplog.text


# GetProductImage


async def test_no_product_and_no_image_are_told_apart(world: World) -> None:
    product = world.add_product("Dune")
    gone = world.add_product("Emma")
    del world.store.products[gone.id]

    with pytest.raises(ProductImageNotFoundError) as no_image:
        await download(world, product)
    with pytest.raises(ProductNotFoundError):
        await download(world, gone)

    assert no_image.value.code == "product_image_not_found"


async def test_an_image_whose_file_is_gone_is_not_found(world: World) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")
    image = await upload_as(world, admin, product, PNG, "image/png")
    del world.images.files[image.storage_key]

    with pytest.raises(ProductImageNotFoundError):
        await download(world, product)


class ReplacedWhileRead(InMemoryProductImageStorage):
    """Commits a new image of the product right after the first row read,
    before its file is loaded: the old file is gone by then."""

    def __init__(self, world: World, admin: User, product: Product) -> None:
        super().__init__()
        self._replace = (world, admin, product)
        self.loads = 0

    async def load(self, key: str) -> bytes:
        self.loads += 1
        if self.loads == 1:
            world, admin, product = self._replace
            await upload_as(world, admin, product, JPEG, "image/jpeg")
        return await super().load(key)


async def test_an_image_replaced_while_read_is_served_new(world: World) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")
    storage = ReplacedWhileRead(world, admin, product)
    world.images = storage
    await upload_as(world, admin, product, PNG, "image/png")

    served = await download(world, product)

    assert (served.content, served.content_type) == (JPEG, "image/jpeg")
    assert storage.loads == 2


# DeleteProduct


async def test_deleting_a_product_deletes_its_image_file(world: World) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")
    other = world.add_product("Emma")
    await upload_as(world, admin, product, PNG, "image/png")
    kept = await upload_as(world, admin, other, JPEG, "image/jpeg")

    await (
        world.request(admin).delete_product().execute(DeleteProductCommand(product.id))
    )

    assert list(world.images.files) == [kept.storage_key]


async def test_a_product_is_deleted_even_when_its_file_cannot_be(
    world: World, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")
    image = await upload_as(world, admin, product, PNG, "image/png")

    async def fail(key: str) -> None:
        raise OSError("read-only file system")

    monkeypatch.setattr(world.images, "delete", fail)
    with caplog.at_level(logging.WARNING):
        await (
            world.request(admin)
            .delete_product()
            .execute(DeleteProductCommand(product.id))
        )

    assert product.id not in world.store.products
    assert image.storage_key in caplog.text
