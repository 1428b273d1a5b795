from dataclasses import dataclass

from app.application.exceptions import InvalidCredentialsError
from app.application.ports.log_in_rate_limiter import LogInRateLimiter
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
    # Where the attempt comes from (an IP address), for the per-address
    # limit; None when unknown.
    client_address: str | None = None


class LogIn:
    """Starts a session for a user whose email and password match.

    Raises TooManyAttemptsError when the account or the address has made too
    many attempts lately, and InvalidCredentialsError for an unknown email, a
    wrong password or a deactivated account, without telling which: each
    takes one password hash's work, so not even the time taken tells.
    """

    def __init__(
        self,
        users: UserDataMapper,
        password_hasher: PasswordHasher,
        session_issuer: SessionIssuer,
        transaction: TransactionManager,
        rate_limiter: LogInRateLimiter,
    ) -> None:
        self._users = users
        self._password_hasher = password_hasher
        self._session_issuer = session_issuer
        self._transaction = transaction
        self._rate_limiter = rate_limiter

    async def execute(self, command: LogInCommand) -> None:
        await self._rate_limiter.count_attempt(
            command.email.strip().lower(), command.client_address
        )
        try:
            email = Email(command.email)
            password = RawPassword(command.password)
        except DomainValidationError as err:
            raise InvalidCredentialsError from err
        user = await self._users.get_by_email(email)
        if user is None:
            # As slow as checking a password: the time taken must not tell
            # that no account has this email.
            await self._password_hasher.hash(password)
            raise InvalidCredentialsError
        if not await self._password_hasher.verify(password, user.password_hash):
            raise InvalidCredentialsError
        if not user.is_active:
            raise InvalidCredentialsError
        await self._session_issuer.start_session(user.id)
        await self._transaction.commit()
