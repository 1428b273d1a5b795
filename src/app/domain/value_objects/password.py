from dataclasses import dataclass

from app.domain.exceptions import DomainValidationError

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128


@dataclass(frozen=True, slots=True, repr=False)
class RawPassword:
    """A password as typed; never stored, never printed."""

    value: str

    def __post_init__(self) -> None:
        if not MIN_PASSWORD_LENGTH <= len(self.value) <= MAX_PASSWORD_LENGTH:
            raise DomainValidationError(
                "password",
                f"A password has {MIN_PASSWORD_LENGTH} to "
                f"{MAX_PASSWORD_LENGTH} characters.",
            )

    def __repr__(self) -> str:
        return "RawPassword('********')"


@dataclass(frozen=True, slots=True, repr=False)
class PasswordHash:
    """A hash produced by the PasswordHasher port; opaque to the domain."""

    value: str

    def __repr__(self) -> str:
        return "PasswordHash('********')"
