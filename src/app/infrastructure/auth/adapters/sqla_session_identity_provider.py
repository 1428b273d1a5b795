from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.application.exceptions import AuthenticationError
from app.application.ports.identity_provider import IdentityProvider
from app.domain.value_objects.ids import UserId
from app.infrastructure.auth.session_cookie import SessionCookieTransport
from app.infrastructure.auth.session_tokens import (
    AuthSessionConfig,
    session_id_of,
    utc_now,
)
from app.infrastructure.exceptions import ReaderError
from app.infrastructure.persistence.database import DATABASE_ERRORS, SessionFactory
from app.infrastructure.persistence.models.auth_session import AuthSessionModel
from app.infrastructure.persistence.models.base import table_of

_SESSIONS = table_of(AuthSessionModel)
# Every request reads this: a plain row (no ORM object to make and track),
# by a statement built once, not per request.
_SESSION_ROW = select(_SESSIONS.c.user_id, _SESSIONS.c.expires_at).where(
    _SESSIONS.c.id == bindparam("session_id")
)


class SqlaSessionIdentityProvider(IdentityProvider):
    """Finds the user behind the session cookie and slides its expiry.

    Reads in the request's session, so the request's later reads share its
    connection and transaction. A refreshed expiry (at most once per
    AuthSessionConfig.refresh_after) is stored in a short transaction of its
    own, so it is kept even when the use case only reads and never commits.
    """

    def __init__(
        self,
        session: AsyncSession,
        session_factory: SessionFactory,
        transport: SessionCookieTransport,
        config: AuthSessionConfig,
    ) -> None:
        self._session = session
        self._session_factory = session_factory
        self._transport = transport
        self._config = config
        self._user_id: UserId | None = None

    async def current_user_id(self) -> UserId:
        if self._user_id is None:
            self._user_id = await self._authenticate()
        return self._user_id

    async def _authenticate(self) -> UserId:
        token = self._transport.read_token()
        if token is None:
            raise AuthenticationError
        session_id = session_id_of(token)
        now = utc_now()
        try:
            result = await self._session.execute(
                _SESSION_ROW, {"session_id": session_id}
            )
            row = result.one_or_none()
            if row is None or row.expires_at <= now:
                raise AuthenticationError("Your session has expired; log in again.")
            if self._config.needs_refresh(row.expires_at, now):
                expires_at = now + self._config.lifetime
                await self._store_expiry(session_id, expires_at)
                self._transport.deliver(token, expires_at)
            return UserId(row.user_id)
        except DATABASE_ERRORS as err:
            raise ReaderError from err

    async def _store_expiry(self, session_id: str, expires_at: datetime) -> None:
        async with self._session_factory() as session, session.begin():
            await session.execute(
                update(AuthSessionModel)
                .where(AuthSessionModel.id == session_id)
                .values(expires_at=expires_at)
            )
