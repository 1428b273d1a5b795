from typing import Annotated
from uuid import UUID

from dishka.integrations.fastapi import FromDishka
from fastapi import Body, Header, status
from fastapi_error_map import ErrorAwareRouter

from app.application.commands.place_order import (
    OrderLineCommand,
    PlaceOrder,
    PlaceOrderCommand,
)
from app.application.common.pagination import Pagination
from app.application.queries.get_order import GetOrder, GetOrderQuery
from app.application.queries.list_orders import ListOrders, ListOrdersQuery
from app.domain.value_objects.order_fields import MAX_REQUEST_KEY_LENGTH
from app.presentation.http.errors.rules import (
    AUTHENTICATED,
    CONFLICT,
    EXTERNAL_SERVICE,
    IDEMPOTENT,
    NOT_FOUND,
    STORAGE,
    error_map,
)
from app.presentation.http.query_models import FromQuery
from app.presentation.http.route import Route
from app.presentation.http.schemas.common import CreatedResponse
from app.presentation.http.schemas.orders import (
    IdempotencyKey,
    OrderListParams,
    OrderPageResponse,
    OrderResponse,
    PlaceOrderRequest,
)

router = ErrorAwareRouter(prefix="/api/v1/orders", tags=["orders"], route_class=Route)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    error_map=error_map(AUTHENTICATED, CONFLICT, IDEMPOTENT, STORAGE, EXTERNAL_SERVICE),
)
async def place_order(
    body: Annotated[PlaceOrderRequest, Body()],
    idempotency_key: Annotated[
        IdempotencyKey, Header(min_length=1, max_length=MAX_REQUEST_KEY_LENGTH)
    ],
    place_order: FromDishka[PlaceOrder],
) -> CreatedResponse:
    """Places and pays an order. Send the same request with the same
    Idempotency-Key again after a timeout or a 5xx: it answers with the same
    order and charges it at most once. A 409 `idempotency_key_in_use` means
    the first request with the key is still running: send it again after
    Retry-After. A 422 `idempotency_key_reused`: the key was used for
    another order."""
    order_id = await place_order.execute(
        PlaceOrderCommand(
            idempotency_key=idempotency_key,
            lines=[
                OrderLineCommand(product_id=line.product_id, quantity=line.quantity)
                for line in body.lines
            ],
        )
    )
    return CreatedResponse(id=str(order_id))


@router.get("", error_map=error_map(AUTHENTICATED, STORAGE))
async def list_orders(
    params: FromQuery[OrderListParams], list_orders: FromDishka[ListOrders]
) -> OrderPageResponse:
    """The current user's orders, newest first."""
    page = await list_orders.execute(
        ListOrdersQuery(pagination=Pagination(limit=params.limit, offset=params.offset))
    )
    return OrderPageResponse.of(page)


@router.get("/{order_id}", error_map=error_map(AUTHENTICATED, NOT_FOUND, STORAGE))
async def get_order(order_id: UUID, get_order: FromDishka[GetOrder]) -> OrderResponse:
    """One of the current user's orders (any order, for admins)."""
    return OrderResponse.of(await get_order.execute(GetOrderQuery(order_id)))
