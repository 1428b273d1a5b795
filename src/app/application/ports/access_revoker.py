from typing import Protocol

from app.domain.value_objects.ids import UserId


class AccessRevoker(Protocol):
    """Ends authenticated sessions; takes effect at TransactionManager.commit.

    Raises DataMapperError when the session store fails.
    """

    async def revoke_current_session(self) -> None:
        """Ends the session of the current request; does nothing without one."""
        ...

    async def revoke_all_sessions(self, user_id: UserId) -> None: ...
