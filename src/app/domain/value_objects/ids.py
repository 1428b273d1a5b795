"""Distinct names for UUIDs, so a UserId never passes as a ProductId."""

from typing import NewType
from uuid import UUID

UserId = NewType("UserId", UUID)
ProductId = NewType("ProductId", UUID)
OrderId = NewType("OrderId", UUID)
