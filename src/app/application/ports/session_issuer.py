from typing import Protocol

from app.domain.value_objects.ids import UserId


class SessionIssuer(Protocol):
    """Starts an authenticated session and hands it to the client.

    The session is stored at TransactionManager.commit. Raises
    DataMapperError when the session store fails.
    """

    async def start_session(self, user_id: UserId) -> None: ...
