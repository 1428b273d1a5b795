from sqlalchemy.ext.asyncio import AsyncSession

from app.application.ports.session_issuer import SessionIssuer
from app.domain.value_objects.ids import UserId
from app.infrastructure.auth.session_cookie import SessionCookieTransport
from app.infrastructure.auth.session_tokens import (
    AuthSessionConfig,
    new_token,
    session_id_of,
    utc_now,
)
from app.infrastructure.persistence.models.auth_session import AuthSessionModel


class SqlaSessionIssuer(SessionIssuer):
    """Stores a new session row and hands its token to the cookie transport."""

    def __init__(
        self,
        session: AsyncSession,
        transport: SessionCookieTransport,
        config: AuthSessionConfig,
    ) -> None:
        self._session = session
        self._transport = transport
        self._config = config

    async def start_session(self, user_id: UserId) -> None:
        token = new_token()
        expires_at = utc_now() + self._config.lifetime
        self._session.add(
            AuthSessionModel(
                id=session_id_of(token), user_id=user_id, expires_at=expires_at
            )
        )
        self._transport.deliver(token, expires_at)
