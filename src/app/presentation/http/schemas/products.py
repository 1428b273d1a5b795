from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

from app.application.common.pagination import Page
from app.application.query_models.product_view import ProductSortField, ProductView
from app.domain.value_objects.product_fields import (
    MAX_CATEGORY_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_NAME_LENGTH,
)
from app.presentation.http.schemas.common import PageParams, RequestModel
from app.presentation.http.schemas.text import NonBlankText, PlainText


class CreateProductRequest(RequestModel):
    name: NonBlankText = Field(min_length=1, max_length=MAX_NAME_LENGTH)
    category: NonBlankText = Field(min_length=1, max_length=MAX_CATEGORY_LENGTH)
    price: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    description: PlainText = Field(default="", max_length=MAX_DESCRIPTION_LENGTH)


class UpdateProductRequest(RequestModel):
    """Only the fields present are changed."""

    name: NonBlankText | None = Field(
        default=None, min_length=1, max_length=MAX_NAME_LENGTH
    )
    category: NonBlankText | None = Field(
        default=None, min_length=1, max_length=MAX_CATEGORY_LENGTH
    )
    price: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    description: PlainText | None = Field(
        default=None, max_length=MAX_DESCRIPTION_LENGTH
    )


class ProductResponse(BaseModel):
    id: UUID
    name: str
    category: str
    price: Decimal
    description: str

    @classmethod
    def of(cls, view: ProductView) -> "ProductResponse":
        return cls(
            id=view.id,
            name=view.name,
            category=view.category,
            price=view.price,
            description=view.description,
        )


class ProductPageResponse(BaseModel):
    items: list[ProductResponse]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, page: Page[ProductView]) -> "ProductPageResponse":
        return cls(
            items=[ProductResponse.of(product) for product in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )


class ProductListParams(PageParams):
    sort_by: ProductSortField = ProductSortField.NAME
    category: NonBlankText | None = Field(
        default=None, min_length=1, max_length=MAX_CATEGORY_LENGTH
    )
