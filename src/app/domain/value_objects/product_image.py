"""A product's image: the formats it may have and what is kept about it."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from app.domain.exceptions import (
    DomainValidationError,
    ProductImageContentMismatchError,
    UnsupportedProductImageTypeError,
)

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class ImageType(StrEnum):
    """The image formats a product image may have, by their media type."""

    PNG = "image/png"
    JPEG = "image/jpeg"
    WEBP = "image/webp"

    @classmethod
    def parse(cls, content_type: str | None) -> "ImageType":
        """The type a Content-Type value names (case and parameters such as
        ``; charset=...`` ignored); UnsupportedProductImageTypeError for any
        other type, or none."""
        media_type = (content_type or "").split(";", 1)[0].strip().lower()
        try:
            return cls(media_type)
        except ValueError:
            raise UnsupportedProductImageTypeError(
                f"A product image is a PNG, JPEG or WebP image, not "
                f"{media_type or 'content without a type'}."
            ) from None

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self]

    def check_content(self, content: bytes) -> None:
        """DomainValidationError when ``content`` is empty, and
        ProductImageContentMismatchError when it does not start with this
        format's signature (its magic number)."""
        if not content:
            raise DomainValidationError("image", "The image is empty.")
        if not _SIGNATURES[self](content):
            raise ProductImageContentMismatchError(
                f"The content is not a {self.name} image ({self.value})."
            )


def _is_png(content: bytes) -> bool:
    return content.startswith(b"\x89PNG\r\n\x1a\n")


def _is_jpeg(content: bytes) -> bool:
    # SOI marker, then the first segment's marker.
    return content.startswith(b"\xff\xd8\xff")


def _is_webp(content: bytes) -> bool:
    # A RIFF container (with its 4-byte size) of form type WEBP.
    return content[:4] == b"RIFF" and content[8:12] == b"WEBP"


_SIGNATURES: dict[ImageType, Callable[[bytes], bool]] = {
    ImageType.PNG: _is_png,
    ImageType.JPEG: _is_jpeg,
    ImageType.WEBP: _is_webp,
}
_EXTENSIONS = {ImageType.PNG: "png", ImageType.JPEG: "jpg", ImageType.WEBP: "webp"}


@dataclass(frozen=True, slots=True)
class ProductImage:
    """What is kept about a product's stored image: its type, size and
    SHA-256 (hex), and the key its bytes are stored under."""

    content_type: ImageType
    size_bytes: int
    sha256: str
    storage_key: str

    def __post_init__(self) -> None:
        if self.size_bytes <= 0:
            raise DomainValidationError("image", "The image is empty.")
        if not _SHA256_HEX.match(self.sha256):
            raise DomainValidationError(
                "image", "The image's SHA-256 is 64 lower-case hex digits."
            )
        if not self.storage_key:
            raise DomainValidationError("image", "The image has no storage key.")
