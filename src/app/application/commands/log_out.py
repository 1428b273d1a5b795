from app.application.ports.access_revoker import AccessRevoker
from app.application.ports.transaction_manager import TransactionManager
from app.application.services.current_user import CurrentUser


class LogOut:
    """Ends the current session. Raises AuthenticationError without one."""

    def __init__(
        self,
        current_user: CurrentUser,
        access_revoker: AccessRevoker,
        transaction: TransactionManager,
    ) -> None:
        self._current_user = current_user
        self._access_revoker = access_revoker
        self._transaction = transaction

    async def execute(self) -> None:
        await self._current_user.get()
        await self._access_revoker.revoke_current_session()
        await self._transaction.commit()
