from typing import Protocol

from app.domain.entities.user import User
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import UserId


class UserDataMapper(Protocol):
    """Loads and stores User entities for commands (the write side).

    Changes become visible to others only after TransactionManager.commit.
    Every method raises DataMapperError when the store fails.
    """

    async def add(self, user: User) -> None: ...

    async def get_by_id(self, user_id: UserId) -> User | None:
        """The user, or None when no user has this id."""
        ...

    async def get_by_email(self, email: Email) -> User | None:
        """The user, or None when no user has this email."""
        ...

    async def update(self, user: User) -> None:
        """Stores the user's current state; the user must have been loaded before."""
        ...
