from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from uuid import UUID


class ProductSortField(StrEnum):
    NAME = "name"
    CATEGORY = "category"
    PRICE = "price"


@dataclass(frozen=True, slots=True)
class ProductView:
    id: UUID
    name: str
    category: str
    price: Decimal
    description: str
