from app.application.query_models.user_view import UserView
from app.application.services.current_user import CurrentUser


class GetCurrentUser:
    """The account of whoever sends the request. Raises AuthenticationError."""

    def __init__(self, current_user: CurrentUser) -> None:
        self._current_user = current_user

    async def execute(self) -> UserView:
        return await self._current_user.get()
