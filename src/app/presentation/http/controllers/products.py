from typing import Annotated
from uuid import UUID

from dishka.integrations.fastapi import FromDishka
from fastapi import Body, Query, status
from fastapi_error_map import ErrorAwareRouter

from app.application.commands.create_product import (
    CreateProduct,
    CreateProductCommand,
)
from app.application.commands.delete_product import (
    DeleteProduct,
    DeleteProductCommand,
)
from app.application.commands.update_product import (
    UpdateProduct,
    UpdateProductCommand,
)
from app.application.common.pagination import Pagination
from app.application.queries.get_product import GetProduct, GetProductQuery
from app.application.queries.list_products import ListProducts, ListProductsQuery
from app.presentation.http.errors.rules import (
    ADMIN_ONLY,
    CONFLICT,
    NOT_FOUND,
    STORAGE,
    error_map,
)
from app.presentation.http.route import Route
from app.presentation.http.schemas.common import CreatedResponse
from app.presentation.http.schemas.products import (
    CreateProductRequest,
    ProductListParams,
    ProductPageResponse,
    ProductResponse,
    UpdateProductRequest,
)

router = ErrorAwareRouter(
    prefix="/api/v1/products", tags=["products"], route_class=Route
)


@router.get("", error_map=error_map(STORAGE))
async def list_products(
    params: Annotated[ProductListParams, Query()],
    list_products: FromDishka[ListProducts],
) -> ProductPageResponse:
    page = await list_products.execute(
        ListProductsQuery(
            pagination=Pagination(limit=params.limit, offset=params.offset),
            sort_by=params.sort_by,
            order=params.order,
            category=params.category,
        )
    )
    return ProductPageResponse.of(page)


@router.get("/{product_id}", error_map=error_map(NOT_FOUND, STORAGE))
async def get_product(
    product_id: UUID, get_product: FromDishka[GetProduct]
) -> ProductResponse:
    return ProductResponse.of(await get_product.execute(GetProductQuery(product_id)))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    error_map=error_map(ADMIN_ONLY, CONFLICT, STORAGE),
)
async def create_product(
    body: Annotated[CreateProductRequest, Body()],
    create_product: FromDishka[CreateProduct],
) -> CreatedResponse:
    product_id = await create_product.execute(
        CreateProductCommand(
            name=body.name,
            category=body.category,
            price=body.price,
            description=body.description,
        )
    )
    return CreatedResponse(id=str(product_id))


@router.patch(
    "/{product_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    error_map=error_map(ADMIN_ONLY, NOT_FOUND, CONFLICT, STORAGE),
)
async def update_product(
    product_id: UUID,
    body: Annotated[UpdateProductRequest, Body()],
    update_product: FromDishka[UpdateProduct],
) -> None:
    await update_product.execute(
        UpdateProductCommand(
            product_id=product_id,
            name=body.name,
            category=body.category,
            price=body.price,
            description=body.description,
        )
    )


@router.delete(
    "/{product_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    error_map=error_map(ADMIN_ONLY, NOT_FOUND, STORAGE),
)
async def delete_product(
    product_id: UUID, delete_product: FromDishka[DeleteProduct]
) -> None:
    await delete_product.execute(DeleteProductCommand(product_id))
