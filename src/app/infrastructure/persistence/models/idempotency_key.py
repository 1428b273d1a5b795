from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.application.ports.idempotency_store import MAX_IDEMPOTENCY_KEY_LENGTH
from app.infrastructure.persistence.models.base import Base, UtcDateTime


class IdempotencyKeyModel(Base):
    """A client's Idempotency-Key for one operation: the fingerprint of the
    request that used it first, its result once it finished, and while a
    request runs with it, until when that claim holds."""

    __tablename__ = "idempotency_keys"

    operation: Mapped[str] = mapped_column(String(100), primary_key=True)
    owner: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(
        String(MAX_IDEMPOTENCY_KEY_LENGTH), primary_key=True
    )
    # SHA-256, hex.
    fingerprint: Mapped[str] = mapped_column(String(64))
    result: Mapped[str | None] = mapped_column(Text)
    # Null when no request holds the key (finished, or released after a
    # failure); a time past means the holder died.
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
