from dataclasses import dataclass
from uuid import UUID

from app.application.ports.product_reader import ProductReader
from app.application.query_models.product_view import ProductView
from app.domain.exceptions import ProductNotFoundError


@dataclass(frozen=True, slots=True)
class GetProductQuery:
    product_id: UUID


class GetProduct:
    """One product, for anyone. Raises ProductNotFoundError."""

    def __init__(self, reader: ProductReader) -> None:
        self._reader = reader

    async def execute(self, query: GetProductQuery) -> ProductView:
        product = await self._reader.get_product(query.product_id)
        if product is None:
            raise ProductNotFoundError
        return product
