"""Passwords as typed, and the rules a newly chosen one must meet.

The rules are NIST SP 800-63B's (section 3.1.1.2): 8 to 128 characters, any
printable characters and spaces, refused when it is a commonly used
password, and no composition rules (no "one digit, one symbol").
"""

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from app.domain.exceptions import DomainValidationError
from app.domain.value_objects.text import (
    CONTROL_CHARACTERS_MESSAGE,
    has_control_characters,
)

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
# What the refusals recommend: length is what makes a password hard to guess.
SUGGESTED_PASSWORD_LENGTH = 15

# Source and licence: LICENSES/common_passwords.txt at the project's root.
_COMMON_PASSWORDS_FILE = "common_passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list of commonly used passwords, lower-cased (read once)."""
    text = files(__package__).joinpath(_COMMON_PASSWORDS_FILE).read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line)


@dataclass(frozen=True, slots=True, repr=False)
class RawPassword:
    """A password as typed, to check against a stored hash; never stored,
    never printed.

    Only its length is checked: a password chosen under older rules must
    still log in. A password being chosen is a NewPassword.
    """

    value: str

    def __post_init__(self) -> None:
        if not MIN_PASSWORD_LENGTH <= len(self.value) <= MAX_PASSWORD_LENGTH:
            raise DomainValidationError(
                "password",
                f"A password has {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} "
                f"characters; {SUGGESTED_PASSWORD_LENGTH} or more is best "
                "(a few words make one that is easy to remember).",
            )

    def __repr__(self) -> str:
        return "RawPassword('********')"


@dataclass(frozen=True, slots=True, repr=False)
class NewPassword(RawPassword):
    """A password being chosen (sign-up, a change, the first admin)."""

    def __post_init__(self) -> None:
        RawPassword.__post_init__(self)
        if has_control_characters(self.value):
            raise DomainValidationError(
                "password", f"A password {CONTROL_CHARACTERS_MESSAGE}."
            )
        if self.value.lower() in common_passwords():
            raise DomainValidationError(
                "password",
                "This password is one of the most commonly used, so it is among "
                "the first an attacker tries: choose another, of "
                f"{SUGGESTED_PASSWORD_LENGTH} characters or more if you can.",
            )

    def __repr__(self) -> str:
        return "NewPassword('********')"


@dataclass(frozen=True, slots=True, repr=False)
class PasswordHash:
    """A hash produced by the PasswordHasher port; opaque to the domain."""

    value: str

    def __repr__(self) -> str:
        return "PasswordHash('********')"
