from dataclasses import dataclass

from app.application.exceptions import AuthenticationError, InvalidCredentialsError
from app.application.ports.access_revoker import AccessRevoker
from app.application.ports.session_issuer import SessionIssuer
from app.application.ports.transaction_manager import TransactionManager
from app.application.ports.user_data_mapper import UserDataMapper
from app.application.services.current_user import CurrentUser
from app.domain.entities.user import User
from app.domain.exceptions import DomainValidationError
from app.domain.ports.password_hasher import PasswordHasher
from app.domain.value_objects.ids import UserId
from app.domain.value_objects.password import NewPassword, RawPassword


@dataclass(frozen=True, slots=True)
class ChangePasswordCommand:
    current_password: str
    new_password: str


class ChangePassword:
    """Replaces the current user's password and ends their other sessions.

    Raises AuthenticationError without a session, InvalidCredentialsError
    when the current password is wrong, DomainValidationError when the new
    one is not acceptable.
    """

    def __init__(
        self,
        current_user: CurrentUser,
        users: UserDataMapper,
        password_hasher: PasswordHasher,
        access_revoker: AccessRevoker,
        session_issuer: SessionIssuer,
        transaction: TransactionManager,
    ) -> None:
        self._current_user = current_user
        self._users = users
        self._password_hasher = password_hasher
        self._access_revoker = access_revoker
        self._session_issuer = session_issuer
        self._transaction = transaction

    async def execute(self, command: ChangePasswordCommand) -> None:
        viewer = await self._current_user.get()
        new_password = NewPassword(command.new_password)
        user = await self._users.get_by_id(UserId(viewer.id))
        if user is None:
            raise AuthenticationError
        if not await self._is_current_password(command.current_password, user):
            raise InvalidCredentialsError("The current password is wrong.")
        user.change_password_hash(await self._password_hasher.hash(new_password))
        await self._users.update(user)
        # Whoever knew the old password may hold a session: end them all and
        # keep the caller logged in with a fresh one.
        await self._access_revoker.revoke_all_sessions(user.id)
        await self._session_issuer.start_session(user.id)
        await self._transaction.commit()

    async def _is_current_password(self, candidate: str, user: User) -> bool:
        try:
            password = RawPassword(candidate)
        except DomainValidationError:
            # Too short or too long to be any stored password.
            return False
        return await self._password_hasher.verify(password, user.password_hash)
