from uuid import UUID

from sqlalchemy import BigInteger, CheckConstraint, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.application.common.storage_keys import MAX_KEY_LENGTH
from app.infrastructure.persistence.models.base import Base


class ProductModel(Base):
    __tablename__ = "products"
    __table_args__ = (
        # The image columns are all set (a product with an image) or all null.
        CheckConstraint(
            "(image_content_type IS NULL AND image_size_bytes IS NULL"
            " AND image_sha256 IS NULL AND image_storage_key IS NULL)"
            " OR (image_content_type IS NOT NULL AND image_size_bytes IS NOT NULL"
            " AND image_sha256 IS NOT NULL AND image_storage_key IS NOT NULL)",
            name="image_complete",
        ),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    category: Mapped[str] = mapped_column(String(60), index=True)
    # Whole cents: exact on every engine (SQLite has no true decimal type).
    price_cents: Mapped[int] = mapped_column(BigInteger, index=True)
    description: Mapped[str] = mapped_column(Text)
    # The product's image: its bytes are in the ProductImageStorage under
    # image_storage_key.
    image_content_type: Mapped[str | None] = mapped_column(String(32))
    image_size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    image_sha256: Mapped[str | None] = mapped_column(String(64))
    image_storage_key: Mapped[str | None] = mapped_column(String(MAX_KEY_LENGTH))
