"""Infrastructure errors: a technology failed, not a business rule.

Adapters raise these at their boundary (``raise ReaderError from err``) so no
driver exception leaks into the inner layers. This module imports nothing
but the standard library: the HTTP layer maps these classes to answers
without importing any adapter.
"""

from typing import ClassVar


class InfrastructureError(Exception):
    code: ClassVar[str] = "infrastructure_error"
    default_message: ClassVar[str] = "A backing service failed."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class DataMapperError(InfrastructureError):
    code = "storage_unavailable"
    default_message = "The database could not store or load data."


class ReaderError(InfrastructureError):
    code = "storage_unavailable"
    default_message = "The database could not answer the query."


class PasswordHasherBusyError(InfrastructureError):
    code = "password_hasher_busy"
    default_message = "Too many password checks are running; retry shortly."
