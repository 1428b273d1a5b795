from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.value_objects.order_fields import MAX_REQUEST_KEY_LENGTH, OrderStatus
from app.infrastructure.persistence.models.base import Base, UtcDateTime

PENDING_PAYMENT = f"status = '{OrderStatus.PENDING_PAYMENT.value}'"


class OrderModel(Base):
    __tablename__ = "orders"
    __table_args__ = (
        # One order per client key and user: a resent placement finds it.
        UniqueConstraint("user_id", "request_key"),
        Index("ix_orders_user_id_placed_at", "user_id", "placed_at"),
        # What the payment reconciliation reads: partial, so it stays as
        # small as the orders waiting for payment.
        Index(
            "ix_orders_pending_payment",
            "placed_at",
            postgresql_where=text(PENDING_PAYMENT),
            sqlite_where=text(PENDING_PAYMENT),
        ),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    request_key: Mapped[str] = mapped_column(String(MAX_REQUEST_KEY_LENGTH))
    status: Mapped[str] = mapped_column(String(20))
    payment_id: Mapped[str | None] = mapped_column(String(100))
    # Whole cents, as products store prices.
    total_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    placed_at: Mapped[datetime] = mapped_column(
        UtcDateTime, default=lambda: datetime.now(UTC)
    )
    lines: Mapped[list["OrderLineModel"]] = relationship(
        order_by="OrderLineModel.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class OrderLineModel(Base):
    __tablename__ = "order_lines"

    order_id: Mapped[UUID] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True
    )
    # No foreign key: an order keeps its lines after a product leaves the
    # catalog, at the price it was sold for.
    product_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_cents: Mapped[int] = mapped_column(BigInteger)
