from sqlalchemy import ColumnElement, delete
from sqlalchemy.ext.asyncio import AsyncSession

from app.application.ports.access_revoker import AccessRevoker
from app.domain.value_objects.ids import UserId
from app.infrastructure.auth.session_cookie import SessionCookieTransport
from app.infrastructure.auth.session_tokens import session_id_of
from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.auth_session import AuthSessionModel


class SqlaAccessRevoker(AccessRevoker):
    def __init__(
        self, session: AsyncSession, transport: SessionCookieTransport
    ) -> None:
        self._session = session
        self._transport = transport

    async def revoke_current_session(self) -> None:
        token = self._transport.read_token()
        if token is None:
            return
        await self._delete_where(AuthSessionModel.id == session_id_of(token))
        self._transport.clear()

    async def revoke_all_sessions(self, user_id: UserId) -> None:
        await self._delete_where(AuthSessionModel.user_id == user_id)

    async def _delete_where(self, condition: ColumnElement[bool]) -> None:
        try:
            await self._session.execute(delete(AuthSessionModel).where(condition))
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
