from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

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
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.auth_session import AuthSessionModel


class SqlaSessionIdentityProvider(IdentityProvider):
    """Finds the user behind the session cookie and slides its expiry.

    Uses a short transaction of its own so a refreshed expiry is stored even
    when the use case only reads and never commits.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        transport: SessionCookieTransport,
        config: AuthSessionConfig,
    ) -> None:
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
        now = utc_now()
        try:
            async with self._session_factory() as session, session.begin():
                row = await session.get(AuthSessionModel, session_id_of(token))
                if row is None or row.expires_at <= now:
                    raise AuthenticationError("Your session has expired; log in again.")
                if self._config.needs_refresh(row.expires_at, now):
                    row.expires_at = now + self._config.lifetime
                    self._transport.deliver(token, row.expires_at)
                return UserId(row.user_id)
        except DATABASE_ERRORS as err:
            raise ReaderError from err
