from dataclasses import dataclass

from app.application.exceptions import InvalidCredentialsError
from app.application.ports.session_issuer import SessionIssuer
from app.application.ports.transaction_manager import TransactionManager
from app.application.ports.user_data_mapper import UserDataMapper
from app.domain.exceptions import DomainValidationError
from app.domain.ports.password_hasher import PasswordHasher
from app.domain.value_objects.email import Email
from app.domain.value_objects.password import RawPassword


@dataclass(frozen=True, slots=True)
class LogInCommand:
    email: str
    password: str


class LogIn:
    """Starts a session for a user whose email and password match.

    Raises InvalidCredentialsError for an unknown email, a wrong password or
    a deactivated account, without telling which.
    """

    def __init__(
        self,
        users: UserDataMapper,
        password_hasher: PasswordHasher,
        session_issuer: SessionIssuer,
        transaction: TransactionManager,
    ) -> None:
        self._users = users
        self._password_hasher = password_hasher
        self._session_issuer = session_issuer
        self._transaction = transaction

    async def execute(self, command: LogInCommand) -> None:
        try:
            email = Email(command.email)
            password = RawPassword(command.password)
        except DomainValidationError as err:
            raise InvalidCredentialsError from err
        user = await self._users.get_by_email(email)
        if user is None or not user.is_active:
            raise InvalidCredentialsError
        if not await self._password_hasher.verify(password, user.password_hash):
            raise InvalidCredentialsError
        await self._session_issuer.start_session(user.id)
        await self._transaction.commit()
