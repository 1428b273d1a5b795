"""create products (the demo's catalog, with each product's image)

Revision ID: catalog_0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "catalog_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("catalog",)
depends_on: str | Sequence[str] | None = None

# The image columns are all set or all null (ProductModel's image_complete).
IMAGE_COMPLETE = (
    "(image_content_type IS NULL AND image_size_bytes IS NULL"
    " AND image_sha256 IS NULL AND image_storage_key IS NULL)"
    " OR (image_content_type IS NOT NULL AND image_size_bytes IS NOT NULL"
    " AND image_sha256 IS NOT NULL AND image_storage_key IS NOT NULL)"
)


def upgrade() -> None:
    op.create_table(
        "products",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("price_cents", sa.BigInteger(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("image_content_type", sa.String(length=32), nullable=True),
        sa.Column("image_size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("image_sha256", sa.String(length=64), nullable=True),
        sa.Column("image_storage_key", sa.String(length=1024), nullable=True),
        # By hand: autogenerate does not compare check constraints.
        sa.CheckConstraint(IMAGE_COMPLETE, name=op.f("ck_products_image_complete")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("name", name=op.f("uq_products_name")),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_products_category"), ["category"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_products_price_cents"), ["price_cents"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_price_cents"))
        batch_op.drop_index(batch_op.f("ix_products_category"))
    op.drop_table("products")
