from dataclasses import dataclass

from app.application.ports.event_outbox import EventOutbox
from app.application.ports.transaction_manager import TransactionManager
from app.application.ports.user_data_mapper import UserDataMapper
from app.domain.entities.user import User
from app.domain.events.user_registered import UserRegistered
from app.domain.exceptions import EmailAlreadyRegisteredError
from app.domain.ports.id_generator import IdGenerator
from app.domain.ports.password_hasher import PasswordHasher
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import UserId
from app.domain.value_objects.password import NewPassword


@dataclass(frozen=True, slots=True)
class SignUpCommand:
    email: str
    password: str


class SignUp:
    """Registers a new user with the role "user", and records UserRegistered
    in the same unit of work.

    Raises DomainValidationError, EmailAlreadyRegisteredError.
    """

    def __init__(
        self,
        users: UserDataMapper,
        transaction: TransactionManager,
        password_hasher: PasswordHasher,
        id_generator: IdGenerator,
        outbox: EventOutbox,
    ) -> None:
        self._users = users
        self._transaction = transaction
        self._outbox = outbox
        self._password_hasher = password_hasher
        self._id_generator = id_generator

    async def execute(self, command: SignUpCommand) -> UserId:
        email = Email(command.email)
        password = NewPassword(command.password)
        if await self._users.get_by_email(email) is not None:
            raise EmailAlreadyRegisteredError
        user = User(
            id=UserId(self._id_generator.new_id()),
            email=email,
            password_hash=await self._password_hasher.hash(password),
        )
        await self._users.add(user)
        await self._outbox.add(UserRegistered(user_id=user.id, email=email.value))
        # A concurrent sign-up with the same email is caught here by the
        # unique constraint and surfaces as EmailAlreadyRegisteredError too.
        await self._transaction.commit()
        return user.id
