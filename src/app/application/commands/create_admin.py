from dataclasses import dataclass

from app.application.ports.transaction_manager import TransactionManager
from app.application.ports.user_data_mapper import UserDataMapper
from app.domain.entities.user import User
from app.domain.exceptions import EmailAlreadyRegisteredError
from app.domain.ports.id_generator import IdGenerator
from app.domain.ports.password_hasher import PasswordHasher
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import UserId
from app.domain.value_objects.password import NewPassword
from app.domain.value_objects.user_role import UserRole


@dataclass(frozen=True, slots=True)
class CreateAdminCommand:
    email: str
    password: str


class CreateAdmin:
    """Makes sure an admin with this email exists; run by operators, not by API clients.

    Creates the account, or promotes and reactivates an existing one (its
    password is then left as it is). Safe to run on every start, by several
    processes starting at once: the one whose insert loses the race finds
    the account the other created. Raises DomainValidationError.
    """

    def __init__(
        self,
        users: UserDataMapper,
        transaction: TransactionManager,
        password_hasher: PasswordHasher,
        id_generator: IdGenerator,
    ) -> None:
        self._users = users
        self._transaction = transaction
        self._password_hasher = password_hasher
        self._id_generator = id_generator

    async def execute(self, command: CreateAdminCommand) -> UserId:
        email = Email(command.email)
        password = NewPassword(command.password)
        try:
            return await self._ensure(email, password)
        except EmailAlreadyRegisteredError:
            # Created meanwhile by another process: it exists now.
            return await self._ensure(email, password)

    async def _ensure(self, email: Email, password: NewPassword) -> UserId:
        user = await self._users.get_by_email(email)
        if user is None:
            user = User(
                id=UserId(self._id_generator.new_id()),
                email=email,
                password_hash=await self._password_hasher.hash(password),
                role=UserRole.ADMIN,
            )
            await self._users.add(user)
        elif not (user.is_admin and user.is_active):
            user.promote_to_admin()
            await self._users.update(user)
        await self._transaction.commit()
        return user.id
