from datetime import datetime

from sqlalchemy import JSON, BigInteger, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.infrastructure.persistence.models.base import Base, UtcDateTime

# SQLite numbers rows itself only for an INTEGER PRIMARY KEY.
ROW_NUMBER = BigInteger().with_variant(Integer(), "sqlite")
UNPUBLISHED = "published_at IS NULL"


class OutboxMessageModel(Base):
    """A domain event stored in the transaction of the change it reports (the
    transactional outbox); the OutboxRelay publishes it after the commit and
    sets ``published_at``."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        # What the relay reads: unpublished rows in id order. Partial, so it
        # stays as small as the backlog however many rows were published.
        Index(
            "ix_outbox_messages_unpublished",
            "id",
            postgresql_where=text(UNPUBLISHED),
            sqlite_where=text(UNPUBLISHED),
        ),
    )

    # Increasing: the order events were recorded in. Also the message id
    # consumers de-duplicate by.
    id: Mapped[int] = mapped_column(ROW_NUMBER, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(255))
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
