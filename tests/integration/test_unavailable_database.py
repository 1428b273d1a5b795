"""Every adapter turns an unreachable database into its own error, quickly.

The engine points at a closed port, so connecting is refused at once. The
adapters must raise exactly DataMapperError/ReaderError chained to the
cause, and let no SQLAlchemy or driver exception escape.
"""

import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.application.common.pagination import Pagination, SortOrder
from app.application.query_models.product_view import ProductSortField
from app.application.query_models.user_view import UserSortField
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import ProductId, UserId
from app.infrastructure.adapters.sqla_product_data_mapper import (
    SqlaProductDataMapper,
)
from app.infrastructure.adapters.sqla_product_reader import SqlaProductReader
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from app.infrastructure.adapters.sqla_user_data_mapper import SqlaUserDataMapper
from app.infrastructure.adapters.sqla_user_reader import SqlaUserReader
from app.infrastructure.auth.adapters.sqla_access_revoker import SqlaAccessRevoker
from app.infrastructure.auth.adapters.sqla_session_identity_provider import (
    SqlaSessionIdentityProvider,
)
from app.infrastructure.auth.adapters.sqla_session_issuer import SqlaSessionIssuer
from app.infrastructure.auth.session_tokens import AuthSessionConfig
from app.infrastructure.exceptions import (
    DataMapperError,
    InfrastructureError,
    ReaderError,
)
from app.infrastructure.persistence.database import create_session_factory
from tests.integration.factories import SessionFactory, new_product, new_user
from tests.integration.fake_requests import request_with_cookie

# Refused connections fail in milliseconds; allow generous slack for CI.
QUICKLY = 2.0

Call = Callable[[AsyncSession, SessionFactory], Awaitable[Any]]


@pytest.fixture
def unreachable_factory(unreachable_engine: AsyncEngine) -> SessionFactory:
    return create_session_factory(unreachable_engine)


@pytest.fixture
async def unreachable_session(
    unreachable_factory: SessionFactory,
) -> AsyncIterator[AsyncSession]:
    async with unreachable_factory() as session:
        yield session


async def _user_get_by_id(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaUserDataMapper(session).get_by_id(UserId(uuid.uuid4()))


async def _user_get_by_email(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaUserDataMapper(session).get_by_email(Email("a@example.com"))


async def _user_update(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaUserDataMapper(session).update(new_user())


async def _product_get_by_id(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaProductDataMapper(session).get_by_id(ProductId(uuid.uuid4()))


async def _product_update(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaProductDataMapper(session).update(new_product())


async def _product_delete(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaProductDataMapper(session).delete(new_product())


async def _commit_added_user(session: AsyncSession, _: SessionFactory) -> Any:
    await SqlaUserDataMapper(session).add(new_user())
    return await SqlaTransaction(session).commit()


async def _flush_added_product(session: AsyncSession, _: SessionFactory) -> Any:
    await SqlaProductDataMapper(session).add(new_product())
    return await SqlaTransaction(session).flush()


async def _commit_started_session(session: AsyncSession, _: SessionFactory) -> Any:
    request = request_with_cookie(None)
    issuer = SqlaSessionIssuer(session, request.transport, AuthSessionConfig())
    await issuer.start_session(UserId(uuid.uuid4()))
    return await SqlaTransaction(session).commit()


async def _revoke_current_session(session: AsyncSession, _: SessionFactory) -> Any:
    request = request_with_cookie("some-token")
    return await SqlaAccessRevoker(session, request.transport).revoke_current_session()


async def _revoke_all_sessions(session: AsyncSession, _: SessionFactory) -> Any:
    request = request_with_cookie(None)
    revoker = SqlaAccessRevoker(session, request.transport)
    return await revoker.revoke_all_sessions(UserId(uuid.uuid4()))


async def _get_product(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaProductReader(session).get_product(uuid.uuid4())


async def _list_products(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaProductReader(session).list_products(
        Pagination(), ProductSortField.NAME, SortOrder.ASC, "tools"
    )


async def _get_user(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaUserReader(session).get_user(uuid.uuid4())


async def _list_users(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaUserReader(session).list_users(
        Pagination(), UserSortField.EMAIL, SortOrder.ASC
    )


async def _current_user_id(_: AsyncSession, factory: SessionFactory) -> Any:
    request = request_with_cookie("some-token")
    provider = SqlaSessionIdentityProvider(
        factory, request.transport, AuthSessionConfig()
    )
    return await provider.current_user_id()


CASES = [
    pytest.param(_user_get_by_id, DataMapperError, id="user-mapper-get-by-id"),
    pytest.param(_user_get_by_email, DataMapperError, id="user-mapper-get-by-email"),
    pytest.param(_user_update, DataMapperError, id="user-mapper-update"),
    pytest.param(_product_get_by_id, DataMapperError, id="product-mapper-get-by-id"),
    pytest.param(_product_update, DataMapperError, id="product-mapper-update"),
    pytest.param(_product_delete, DataMapperError, id="product-mapper-delete"),
    pytest.param(_commit_added_user, DataMapperError, id="transaction-commit"),
    pytest.param(_flush_added_product, DataMapperError, id="transaction-flush"),
    pytest.param(_commit_started_session, DataMapperError, id="session-issuer"),
    pytest.param(_revoke_current_session, DataMapperError, id="revoke-current"),
    pytest.param(_revoke_all_sessions, DataMapperError, id="revoke-all"),
    pytest.param(_get_product, ReaderError, id="product-reader-get"),
    pytest.param(_list_products, ReaderError, id="product-reader-list"),
    pytest.param(_get_user, ReaderError, id="user-reader-get"),
    pytest.param(_list_users, ReaderError, id="user-reader-list"),
    pytest.param(_current_user_id, ReaderError, id="identity-provider"),
]


@pytest.mark.parametrize(("call", "error"), CASES)
async def test_unreachable_database_raises_the_adapter_error(
    unreachable_session: AsyncSession,
    unreachable_factory: SessionFactory,
    call: Call,
    error: type[InfrastructureError],
) -> None:
    started = time.monotonic()

    with pytest.raises(error) as raised:
        await call(unreachable_session, unreachable_factory)

    elapsed = time.monotonic() - started
    assert type(raised.value) is error, repr(raised.value)
    assert raised.value.__cause__ is not None
    assert elapsed < QUICKLY
