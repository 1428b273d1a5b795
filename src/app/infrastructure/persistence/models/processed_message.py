from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.infrastructure.persistence.models.base import Base, UtcDateTime


class ProcessedMessageModel(Base):
    """A message a consumer has handled, recorded in the same transaction as
    the handler's changes: a redelivery finds it and has no second effect,
    and two deliveries racing cannot both commit (the primary key)."""

    __tablename__ = "processed_messages"

    consumer: Mapped[str] = mapped_column(String(120), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UtcDateTime)
