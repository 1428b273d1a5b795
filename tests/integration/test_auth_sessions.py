"""Session issuer, identity provider and access revoker on the real databases."""

import hashlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.application.exceptions import AuthenticationError
from app.domain.entities.user import User
from app.domain.value_objects.ids import UserId
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from app.infrastructure.auth.adapters.sqla_access_revoker import SqlaAccessRevoker
from app.infrastructure.auth.adapters.sqla_session_identity_provider import (
    SqlaSessionIdentityProvider,
)
from app.infrastructure.auth.adapters.sqla_session_issuer import SqlaSessionIssuer
from app.infrastructure.auth.session_tokens import AuthSessionConfig, utc_now
from app.infrastructure.persistence.models.auth_session import AuthSessionModel
from tests.integration.factories import SessionFactory, new_user, store_users
from tests.integration.fake_requests import (
    FakeRequest,
    PendingCookie,
    request_with_cookie,
)

CONFIG = AuthSessionConfig(lifetime=timedelta(days=14), refresh_after=timedelta(days=1))
NOTHING_PENDING = PendingCookie(token=None, expires_at=None, clear=False)


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def stored_sessions(
    session_factory: SessionFactory,
) -> dict[str, tuple[UUID, datetime]]:
    """Every stored session as id -> (user id, expiry), seen by a fresh session."""
    async with session_factory() as session:
        rows = await session.scalars(select(AuthSessionModel))
        return {row.id: (row.user_id, row.expires_at) for row in rows}


async def insert_session(
    session_factory: SessionFactory, user_id: UserId, expires_at: datetime
) -> str:
    """Stores a session as the issuer would; returns its raw token."""
    token = f"token-{user_id.hex}-{expires_at.timestamp()}"
    async with session_factory() as session:
        session.add(
            AuthSessionModel(id=sha256(token), user_id=user_id, expires_at=expires_at)
        )
        await session.commit()
    return token


@pytest.fixture
async def alice(session_factory: SessionFactory) -> User:
    user = new_user("alice@example.com")
    await store_users(session_factory, user)
    return user


@pytest.fixture
async def bob(session_factory: SessionFactory) -> User:
    user = new_user("bob@example.com")
    await store_users(session_factory, user)
    return user


IdentityProviderFactory = Callable[[FakeRequest], SqlaSessionIdentityProvider]


@pytest.fixture
async def new_identity_provider(
    session_factory: SessionFactory,
) -> AsyncIterator[IdentityProviderFactory]:
    """Makes the identity provider of a request, each in a session of its
    own (as each request has), closed after the test."""
    sessions: list[AsyncSession] = []

    def make(request: FakeRequest) -> SqlaSessionIdentityProvider:
        sessions.append(session_factory())
        return SqlaSessionIdentityProvider(
            sessions[-1], session_factory, request.transport, CONFIG
        )

    yield make
    for session in sessions:
        await session.close()


# --- issuer -----------------------------------------------------------------


async def test_issuer_stores_the_sha256_of_the_delivered_token_only(
    session: AsyncSession, session_factory: SessionFactory, alice: User
) -> None:
    request = request_with_cookie(None)
    before = utc_now()

    await SqlaSessionIssuer(session, request.transport, CONFIG).start_session(alice.id)
    await SqlaTransaction(session).commit()

    after = utc_now()
    pending = request.pending
    assert pending.token is not None
    assert pending.clear is False
    assert pending.expires_at is not None
    assert before + CONFIG.lifetime <= pending.expires_at <= after + CONFIG.lifetime
    assert len(pending.token) >= 32
    sessions = await stored_sessions(session_factory)
    assert sessions == {sha256(pending.token): (alice.id, pending.expires_at)}
    assert pending.token not in sessions
    assert request.transport.read_token() == pending.token


async def test_issuer_stores_nothing_until_commit(
    session: AsyncSession, session_factory: SessionFactory, alice: User
) -> None:
    request = request_with_cookie(None)

    await SqlaSessionIssuer(session, request.transport, CONFIG).start_session(alice.id)
    await session.flush()

    assert await stored_sessions(session_factory) == {}
    await session.rollback()
    assert await stored_sessions(session_factory) == {}


async def test_each_session_gets_its_own_token(
    session: AsyncSession, session_factory: SessionFactory, alice: User
) -> None:
    tokens = []
    for _ in range(3):
        request = request_with_cookie(None)
        issuer = SqlaSessionIssuer(session, request.transport, CONFIG)
        await issuer.start_session(alice.id)
        assert request.pending.token is not None
        tokens.append(request.pending.token)
    await SqlaTransaction(session).commit()

    assert len(set(tokens)) == 3
    assert set(await stored_sessions(session_factory)) == {sha256(t) for t in tokens}


async def test_issued_session_identifies_its_user(
    session: AsyncSession,
    session_factory: SessionFactory,
    alice: User,
    bob: User,
    new_identity_provider: IdentityProviderFactory,
) -> None:
    log_in = request_with_cookie(None)
    await SqlaSessionIssuer(session, log_in.transport, CONFIG).start_session(bob.id)
    await SqlaTransaction(session).commit()
    assert log_in.pending.token is not None

    later = request_with_cookie(log_in.pending.token)
    user_id = await new_identity_provider(later).current_user_id()

    assert user_id == bob.id
    # A fresh session is not extended: no cookie is written back.
    assert later.pending == NOTHING_PENDING


# --- identity provider ------------------------------------------------------


async def test_no_cookie_is_not_authenticated(
    session_factory: SessionFactory,
    alice: User,
    new_identity_provider: IdentityProviderFactory,
) -> None:
    await insert_session(session_factory, alice.id, utc_now() + CONFIG.lifetime)
    request = request_with_cookie(None)

    with pytest.raises(AuthenticationError):
        await new_identity_provider(request).current_user_id()


async def test_unknown_token_is_not_authenticated(
    session_factory: SessionFactory,
    alice: User,
    new_identity_provider: IdentityProviderFactory,
) -> None:
    token = await insert_session(session_factory, alice.id, utc_now() + CONFIG.lifetime)
    # The stored hash itself is no valid token either.
    for forged in ("never-issued", sha256(token)):
        request = request_with_cookie(forged)
        with pytest.raises(AuthenticationError):
            await new_identity_provider(request).current_user_id()


async def test_expired_session_is_not_authenticated(
    session_factory: SessionFactory,
    alice: User,
    new_identity_provider: IdentityProviderFactory,
) -> None:
    expires_at = utc_now() - timedelta(seconds=1)
    token = await insert_session(session_factory, alice.id, expires_at)
    request = request_with_cookie(token)

    with pytest.raises(AuthenticationError):
        await new_identity_provider(request).current_user_id()

    assert request.pending == NOTHING_PENDING
    sessions = await stored_sessions(session_factory)
    assert sessions[sha256(token)][1] == expires_at


async def test_session_older_than_refresh_after_is_extended(
    session_factory: SessionFactory,
    alice: User,
    new_identity_provider: IdentityProviderFactory,
) -> None:
    # Issued a day and an hour ago: past refresh_after, not yet expired.
    old_expiry = utc_now() + CONFIG.lifetime - CONFIG.refresh_after - timedelta(hours=1)
    token = await insert_session(session_factory, alice.id, old_expiry)
    request = request_with_cookie(token)
    before = utc_now()

    user_id = await new_identity_provider(request).current_user_id()

    after = utc_now()
    assert user_id == alice.id
    pending = request.pending
    assert pending.token == token
    assert pending.clear is False
    assert pending.expires_at is not None
    assert before + CONFIG.lifetime <= pending.expires_at <= after + CONFIG.lifetime
    # Stored by the provider's own transaction, with no commit by the caller.
    sessions = await stored_sessions(session_factory)
    assert sessions == {sha256(token): (alice.id, pending.expires_at)}


async def test_session_younger_than_refresh_after_is_left_alone(
    session_factory: SessionFactory,
    alice: User,
    new_identity_provider: IdentityProviderFactory,
) -> None:
    # Issued an hour ago: well within refresh_after.
    expiry = utc_now() + CONFIG.lifetime - timedelta(hours=1)
    token = await insert_session(session_factory, alice.id, expiry)
    request = request_with_cookie(token)

    user_id = await new_identity_provider(request).current_user_id()

    assert user_id == alice.id
    assert request.pending == NOTHING_PENDING
    assert await stored_sessions(session_factory) == {sha256(token): (alice.id, expiry)}


async def test_identity_is_looked_up_once_per_request(
    session_factory: SessionFactory,
    alice: User,
    new_identity_provider: IdentityProviderFactory,
) -> None:
    token = await insert_session(session_factory, alice.id, utc_now() + CONFIG.lifetime)
    provider = new_identity_provider(request_with_cookie(token))
    assert await provider.current_user_id() == alice.id

    async with session_factory() as session:
        row = await session.get(AuthSessionModel, sha256(token))
        assert row is not None
        await session.delete(row)
        await session.commit()

    # Same request: the answer is remembered, not looked up again.
    assert await provider.current_user_id() == alice.id
    with pytest.raises(AuthenticationError):
        await new_identity_provider(request_with_cookie(token)).current_user_id()


# --- access revoker ---------------------------------------------------------


async def test_revoke_current_session_deletes_only_it_and_clears_the_cookie(
    session: AsyncSession,
    session_factory: SessionFactory,
    alice: User,
    bob: User,
    new_identity_provider: IdentityProviderFactory,
) -> None:
    expiry = utc_now() + CONFIG.lifetime
    current = await insert_session(session_factory, alice.id, expiry)
    other_device = await insert_session(
        session_factory, alice.id, expiry + timedelta(seconds=1)
    )
    bobs = await insert_session(session_factory, bob.id, expiry)
    request = request_with_cookie(current)

    await SqlaAccessRevoker(session, request.transport).revoke_current_session()
    await SqlaTransaction(session).commit()

    assert set(await stored_sessions(session_factory)) == {
        sha256(other_device),
        sha256(bobs),
    }
    assert request.pending == PendingCookie(token=None, expires_at=None, clear=True)
    assert request.transport.read_token() is None
    with pytest.raises(AuthenticationError):
        await new_identity_provider(request_with_cookie(current)).current_user_id()
    still = request_with_cookie(other_device)
    assert await new_identity_provider(still).current_user_id() == (alice.id)


async def test_revoke_current_session_without_a_cookie_does_nothing(
    session: AsyncSession, session_factory: SessionFactory, alice: User
) -> None:
    token = await insert_session(session_factory, alice.id, utc_now() + CONFIG.lifetime)
    request = request_with_cookie(None)

    await SqlaAccessRevoker(session, request.transport).revoke_current_session()
    await SqlaTransaction(session).commit()

    assert set(await stored_sessions(session_factory)) == {sha256(token)}
    assert request.pending == NOTHING_PENDING


async def test_revoke_current_session_takes_effect_at_commit(
    session_factory: SessionFactory, alice: User
) -> None:
    token = await insert_session(session_factory, alice.id, utc_now() + CONFIG.lifetime)
    request = request_with_cookie(token)

    async with session_factory() as session:
        await SqlaAccessRevoker(session, request.transport).revoke_current_session()
        # Closed without commit: the deletion is rolled back.

    assert set(await stored_sessions(session_factory)) == {sha256(token)}


async def test_revoke_all_sessions_deletes_every_session_of_one_user(
    session: AsyncSession, session_factory: SessionFactory, alice: User, bob: User
) -> None:
    now = utc_now()
    for offset in range(3):
        await insert_session(
            session_factory, alice.id, now + CONFIG.lifetime + timedelta(seconds=offset)
        )
    expired = await insert_session(session_factory, alice.id, now - timedelta(days=1))
    bobs = await insert_session(session_factory, bob.id, now + CONFIG.lifetime)
    request = request_with_cookie(None)

    await SqlaAccessRevoker(session, request.transport).revoke_all_sessions(alice.id)
    await SqlaTransaction(session).commit()

    sessions = await stored_sessions(session_factory)
    assert set(sessions) == {sha256(bobs)}
    assert sha256(expired) not in sessions
    assert sessions[sha256(bobs)][0] == bob.id
