"""The catalog's adapters turn an unreachable database into their own
errors, quickly (as tests/integration/test_unavailable_database.py checks
for the others)."""

import uuid
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.application.common.pagination import Pagination, SortOrder
from app.application.query_models.product_view import ProductSortField
from app.domain.value_objects.ids import ProductId
from app.infrastructure.adapters.sqla_product_data_mapper import (
    SqlaProductDataMapper,
)
from app.infrastructure.adapters.sqla_product_reader import SqlaProductReader
from app.infrastructure.exceptions import (
    DataMapperError,
    InfrastructureError,
    ReaderError,
)
from tests.integration.factories import SessionFactory
from tests.integration.product_factories import new_product
from tests.integration.unreachable import Call, assert_fails_quickly


async def _product_get_by_id(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaProductDataMapper(session).get_by_id(ProductId(uuid.uuid4()))


async def _product_get_by_ids(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaProductDataMapper(session).get_by_ids([ProductId(uuid.uuid4())])


async def _product_update(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaProductDataMapper(session).update(new_product())


async def _product_delete(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaProductDataMapper(session).delete(new_product())


async def _get_product(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaProductReader(session).get_product(uuid.uuid4())


async def _list_products(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaProductReader(session).list_products(
        Pagination(), ProductSortField.NAME, SortOrder.ASC, "tools"
    )


CASES = [
    pytest.param(_product_get_by_id, DataMapperError, id="product-mapper-get-by-id"),
    pytest.param(_product_get_by_ids, DataMapperError, id="product-mapper-get-by-ids"),
    pytest.param(_product_update, DataMapperError, id="product-mapper-update"),
    pytest.param(_product_delete, DataMapperError, id="product-mapper-delete"),
    pytest.param(_get_product, ReaderError, id="product-reader-get"),
    pytest.param(_list_products, ReaderError, id="product-reader-list"),
]


@pytest.mark.parametrize(("call", "error"), CASES)
async def test_unreachable_database_raises_the_adapter_error(
    unreachable_session: AsyncSession,
    unreachable_factory: SessionFactory,
    call: Call,
    error: type[InfrastructureError],
) -> None:
    await assert_fails_quickly(call(unreachable_session, unreachable_factory), error)
