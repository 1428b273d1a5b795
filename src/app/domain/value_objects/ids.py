"""Distinct names for UUIDs, so that one entity's id never passes for
another's."""

from typing import NewType
from uuid import UUID

UserId = NewType("UserId", UUID)
ProductId = NewType("ProductId", UUID)  # demo: catalog
OrderId = NewType("OrderId", UUID)  # demo: orders
