from typing import Annotated, Any
from uuid import UUID

from dishka.integrations.fastapi import FromDishka
from fastapi import Body, Header, Request, Response, status
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
from app.application.commands.upload_product_image import (
    UploadProductImage,
    UploadProductImageCommand,
)
from app.application.common.pagination import Pagination
from app.application.queries.get_product import GetProduct, GetProductQuery
from app.application.queries.get_product_image import (
    GetProductImage,
    GetProductImageQuery,
)
from app.application.queries.list_products import ListProducts, ListProductsQuery
from app.domain.value_objects.product_image import ImageType
from app.presentation.http.body_limit import lift_body_limit
from app.presentation.http.errors.rules import (
    ADMIN_ONLY,
    BACKING_SERVICES,
    CONFLICT,
    NOT_FOUND,
    STORAGE,
    STORED_FILES,
    TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    error_map,
)
from app.presentation.http.query_models import FromQuery
from app.presentation.http.rendered_bodies import RenderedBodies
from app.presentation.http.route import Route
from app.presentation.http.schemas.common import CreatedResponse
from app.presentation.http.schemas.products import (
    CreateProductRequest,
    ProductListParams,
    ProductPageResponse,
    ProductResponse,
    UpdateProductRequest,
)
from app.presentation.http.schemas.text import PlainText

JSON = "application/json"

router = ErrorAwareRouter(
    prefix="/api/v1/products", tags=["products"], route_class=Route
)


# A cached page is the same object hit after hit: rendered once.
_PAGE_BODIES = RenderedBodies(ProductPageResponse.rendered)


@router.get("", response_model=ProductPageResponse, error_map=error_map(STORAGE))
async def list_products(
    params: FromQuery[ProductListParams],
    list_products: FromDishka[ListProducts],
) -> Response:
    page = await list_products.execute(
        ListProductsQuery(
            pagination=Pagination(limit=params.limit, offset=params.offset),
            sort_by=params.sort_by,
            order=params.order,
            category=params.category,
        )
    )
    return Response(_PAGE_BODIES.body(page), media_type=JSON)


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
    # STORED_FILES, BACKING_SERVICES: the image file is deleted after the
    # commit as a best effort (a failure is logged, not answered), but the
    # storage can raise them and the error contract reads raises, not handlers.
    error_map=error_map(ADMIN_ONLY, NOT_FOUND, STORAGE, STORED_FILES, BACKING_SERVICES),
)
async def delete_product(
    product_id: UUID, delete_product: FromDishka[DeleteProduct]
) -> None:
    await delete_product.execute(DeleteProductCommand(product_id))


# An image is sent and served as itself: the body is the bytes, the
# Content-Type header says which format.
_IMAGE_CONTENT: dict[str, Any] = {
    image_type.value: {"schema": {"type": "string", "format": "binary"}}
    for image_type in ImageType
}
# Caches may keep the image but must revalidate it (ETag) before each use:
# an upload replaces it at the same URL.
IMAGE_CACHE_CONTROL = "no-cache"


@router.put(
    "/{product_id}/image",
    status_code=status.HTTP_204_NO_CONTENT,
    error_map=error_map(
        ADMIN_ONLY,
        NOT_FOUND,
        TOO_LARGE,
        UNSUPPORTED_MEDIA_TYPE,
        STORAGE,
        STORED_FILES,
        BACKING_SERVICES,
    ),
    openapi_extra={"requestBody": {"required": True, "content": _IMAGE_CONTENT}},
)
async def upload_product_image(
    product_id: UUID,
    request: Request,
    upload_product_image: FromDishka[UploadProductImage],
) -> None:
    """Store the product's image, replacing the one it has (admins only).

    The body is the image itself (PNG, JPEG or WebP, at most
    PRODUCT_IMAGE_MAX_BYTES) with its type as Content-Type; its first bytes
    must be that format's signature.
    """
    # The use case enforces PRODUCT_IMAGE_MAX_BYTES as the image streams in.
    lift_body_limit(request)
    await upload_product_image.execute(
        UploadProductImageCommand(
            product_id=product_id,
            content_type=request.headers.get("content-type"),
            # Read as it arrives; the use case stops past the limit.
            content=request.stream(),
            declared_size=_declared_length(request),
        )
    )


@router.get(
    "/{product_id}/image",
    response_class=Response,
    error_map=error_map(NOT_FOUND, STORAGE, STORED_FILES, BACKING_SERVICES),
    responses={
        status.HTTP_200_OK: {
            "description": "The image, with its Content-Type and an ETag.",
            "content": _IMAGE_CONTENT,
        },
        status.HTTP_304_NOT_MODIFIED: {
            "description": "If-None-Match names the current image's ETag."
        },
    },
)
async def get_product_image(
    product_id: UUID,
    get_product_image: FromDishka[GetProductImage],
    if_none_match: Annotated[PlainText | None, Header()] = None,
) -> Response:
    """The product's image, for anyone."""
    image = await get_product_image.execute(GetProductImageQuery(product_id))
    etag = f'"{image.sha256}"'
    headers = {"ETag": etag, "Cache-Control": IMAGE_CACHE_CONTROL}
    if if_none_match is not None and _names_etag(if_none_match, etag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(
        content=image.content,
        media_type=image.content_type,
        # The type is checked on upload; browsers must not guess another.
        headers={**headers, "X-Content-Type-Options": "nosniff"},
    )


def _declared_length(request: Request) -> int | None:
    value = request.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


def _names_etag(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match value matches ``etag`` (weakly, as RFC 9110
    wants for If-None-Match)."""
    candidates = [tag.strip() for tag in if_none_match.split(",")]
    return "*" in candidates or etag in (tag.removeprefix("W/") for tag in candidates)
