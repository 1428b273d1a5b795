from dataclasses import dataclass
from uuid import UUID

from app.application.ports.access_revoker import AccessRevoker
from app.application.ports.transaction_manager import TransactionManager
from app.application.ports.user_data_mapper import UserDataMapper
from app.application.services.current_user import CurrentUser
from app.domain.exceptions import SelfDeactivationError, UserNotFoundError
from app.domain.value_objects.ids import UserId


@dataclass(frozen=True, slots=True)
class DeactivateUserCommand:
    user_id: UUID


class DeactivateUser:
    """Deactivates a user and ends all their sessions (admins only).

    Raises AuthenticationError, AuthorizationError, UserNotFoundError,
    SelfDeactivationError.
    """

    def __init__(
        self,
        current_user: CurrentUser,
        users: UserDataMapper,
        access_revoker: AccessRevoker,
        transaction: TransactionManager,
    ) -> None:
        self._current_user = current_user
        self._users = users
        self._access_revoker = access_revoker
        self._transaction = transaction

    async def execute(self, command: DeactivateUserCommand) -> None:
        admin = await self._current_user.require_admin()
        if command.user_id == admin.id:
            raise SelfDeactivationError
        user = await self._users.get_by_id(UserId(command.user_id))
        if user is None:
            raise UserNotFoundError
        user.deactivate()
        await self._users.update(user)
        await self._access_revoker.revoke_all_sessions(user.id)
        await self._transaction.commit()
