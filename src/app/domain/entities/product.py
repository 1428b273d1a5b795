from dataclasses import dataclass

from app.domain.value_objects.ids import ProductId
from app.domain.value_objects.product_fields import (
    Category,
    Description,
    Price,
    ProductName,
)
from app.domain.value_objects.product_image import ProductImage


@dataclass(eq=False, kw_only=True, slots=True)
class Product:
    id: ProductId
    name: ProductName
    category: Category
    price: Price
    description: Description
    # At most one image; None until an admin uploads one.
    image: ProductImage | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Product) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)
