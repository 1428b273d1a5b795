from app.application.exceptions import AuthenticationError, AuthorizationError
from app.application.ports.identity_provider import IdentityProvider
from app.application.ports.user_reader import UserReader
from app.application.query_models.user_view import UserView
from app.domain.value_objects.ids import UserId
from app.domain.value_objects.user_role import UserRole


class CurrentUser:
    """The user behind the current request, and the checks use cases ask of them."""

    def __init__(self, identity_provider: IdentityProvider, reader: UserReader) -> None:
        self._identity_provider = identity_provider
        self._reader = reader

    async def id(self) -> UserId:
        """The caller's id, from their session alone: nothing of the user is
        loaded. Raises AuthenticationError without a session; whether the
        account is active is for get() to check."""
        return await self._identity_provider.current_user_id()

    async def get(self) -> UserView:
        """Raises AuthenticationError without a session or for a deactivated user."""
        user_id = await self._identity_provider.current_user_id()
        user = await self._reader.get_user(user_id)
        if user is None or not user.is_active:
            raise AuthenticationError
        return user

    async def require_admin(self) -> UserView:
        """Raises AuthorizationError when the current user is not an admin."""
        user = await self.get()
        if user.role != UserRole.ADMIN:
            raise AuthorizationError("Only admins may do this.")
        return user
