import re
from dataclasses import dataclass

from app.domain.exceptions import DomainValidationError
from app.domain.value_objects.text import CONTROL_CHARACTER_RANGES

# Deliberately loose: one "@", a dot in the domain, no spaces or control
# characters. Deliverability is proven by sending mail, not by a regular
# expression. Python's and ECMAScript's syntax alike: the OpenAPI document
# states it too.
_PART = rf"[^@\s{CONTROL_CHARACTER_RANGES}]+"
EMAIL_PATTERN = rf"^{_PART}@{_PART}\.{_PART}$"
_EMAIL = re.compile(EMAIL_PATTERN)
MAX_EMAIL_LENGTH = 254


@dataclass(frozen=True, slots=True)
class Email:
    """An email address, stored lower-cased so lookups are case-insensitive."""

    value: str

    def __post_init__(self) -> None:
        normalized = self.value.strip().lower()
        if len(normalized) > MAX_EMAIL_LENGTH or not _EMAIL.match(normalized):
            raise DomainValidationError("email", "Not a valid email address.")
        object.__setattr__(self, "value", normalized)
