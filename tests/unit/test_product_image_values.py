"""ImageType and ProductImage: the formats accepted, their signatures, and
what a stored image must have."""

import pytest

from app.domain.exceptions import (
    DomainValidationError,
    ProductImageContentMismatchError,
    UnsupportedProductImageTypeError,
)
from app.domain.value_objects.product_image import ImageType, ProductImage
from tests.support.images import JPEG, PNG, WEBP, sha256


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("image/png", ImageType.PNG),
        ("IMAGE/JPEG", ImageType.JPEG),
        (" image/webp ; q=1", ImageType.WEBP),
    ],
)
def test_a_content_type_names_its_format(
    content_type: str, expected: ImageType
) -> None:
    assert ImageType.parse(content_type) is expected


@pytest.mark.parametrize(
    "content_type",
    ["image/gif", "image/jpg", "image/svg+xml", "image/png+x", "image", "", None],
)
def test_other_content_types_are_unsupported(content_type: str | None) -> None:
    with pytest.raises(UnsupportedProductImageTypeError):
        ImageType.parse(content_type)


@pytest.mark.parametrize(
    ("image_type", "content"),
    [(ImageType.PNG, PNG), (ImageType.JPEG, JPEG), (ImageType.WEBP, WEBP)],
)
def test_each_format_knows_its_signature(image_type: ImageType, content: bytes) -> None:
    image_type.check_content(content)
    for other in ImageType:
        if other is not image_type:
            with pytest.raises(ProductImageContentMismatchError):
                other.check_content(content)


def test_empty_content_is_invalid() -> None:
    with pytest.raises(DomainValidationError) as raised:
        ImageType.PNG.check_content(b"")

    assert raised.value.field == "image"


@pytest.mark.parametrize(
    ("size_bytes", "digest", "key"),
    [
        (0, sha256(PNG), "k"),
        (-1, sha256(PNG), "k"),
        (1, "not-a-digest", "k"),
        (1, sha256(PNG).upper(), "k"),
        (1, sha256(PNG), ""),
    ],
)
def test_a_stored_image_is_whole(size_bytes: int, digest: str, key: str) -> None:
    with pytest.raises(DomainValidationError):
        ProductImage(
            content_type=ImageType.PNG,
            size_bytes=size_bytes,
            sha256=digest,
            storage_key=key,
        )
