from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProductImageView:
    """What is stored about a product's image (its bytes are in the storage)."""

    content_type: str
    size_bytes: int
    sha256: str
    storage_key: str


@dataclass(frozen=True, slots=True)
class ProductImageFile:
    """A product's image to serve: its bytes and what describes them."""

    content: bytes
    content_type: str
    sha256: str
