from typing import Protocol

from app.domain.value_objects.ids import UserId


class IdentityProvider(Protocol):
    """Tells who sends the current request.

    Raises AuthenticationError when the request carries no valid session,
    and ReaderError when the session store fails.
    """

    async def current_user_id(self) -> UserId: ...
