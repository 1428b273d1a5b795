"""Every adapter turns an unreachable database into its own error, quickly.

The engine points at a closed port, so connecting is refused at once. The
adapters must raise exactly DataMapperError/ReaderError chained to the
cause, and let no SQLAlchemy or driver exception escape.
"""

import uuid
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.application.common.pagination import Pagination, SortOrder
from app.application.query_models.user_view import UserSortField
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import UserId
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
from tests.integration.factories import SessionFactory, new_user
from tests.integration.fake_requests import request_with_cookie
from tests.integration.unreachable import Call, assert_fails_quickly


async def _user_get_by_id(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaUserDataMapper(session).get_by_id(UserId(uuid.uuid4()))


async def _user_get_by_email(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaUserDataMapper(session).get_by_email(Email("a@example.com"))


async def _user_update(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaUserDataMapper(session).update(new_user())


async def _commit_added_user(session: AsyncSession, _: SessionFactory) -> Any:
    await SqlaUserDataMapper(session).add(new_user())
    return await SqlaTransaction(session).commit()


async def _flush_added_user(session: AsyncSession, _: SessionFactory) -> Any:
    await SqlaUserDataMapper(session).add(new_user())
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


async def _get_user(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaUserReader(session).get_user(uuid.uuid4())


async def _list_users(session: AsyncSession, _: SessionFactory) -> Any:
    return await SqlaUserReader(session).list_users(
        Pagination(), UserSortField.EMAIL, SortOrder.ASC
    )


async def _current_user_id(session: AsyncSession, factory: SessionFactory) -> Any:
    request = request_with_cookie("some-token")
    provider = SqlaSessionIdentityProvider(
        session, factory, request.transport, AuthSessionConfig()
    )
    return await provider.current_user_id()


CASES = [
    pytest.param(_user_get_by_id, DataMapperError, id="user-mapper-get-by-id"),
    pytest.param(_user_get_by_email, DataMapperError, id="user-mapper-get-by-email"),
    pytest.param(_user_update, DataMapperError, id="user-mapper-update"),
    pytest.param(_commit_added_user, DataMapperError, id="transaction-commit"),
    pytest.param(_flush_added_user, DataMapperError, id="transaction-flush"),
    pytest.param(_commit_started_session, DataMapperError, id="session-issuer"),
    pytest.param(_revoke_current_session, DataMapperError, id="revoke-current"),
    pytest.param(_revoke_all_sessions, DataMapperError, id="revoke-all"),
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
    await assert_fails_quickly(call(unreachable_session, unreachable_factory), error)
