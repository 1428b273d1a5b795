"""Application errors: who is asking and whether they may."""

from typing import ClassVar


class ApplicationError(Exception):
    code: ClassVar[str] = "application_error"
    default_message: ClassVar[str] = "The request cannot be served."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class AuthenticationError(ApplicationError):
    code = "not_authenticated"
    default_message = "Log in to do this."


class InvalidCredentialsError(AuthenticationError):
    code = "invalid_credentials"
    default_message = "The email or password is wrong."


class AuthorizationError(ApplicationError):
    code = "forbidden"
    default_message = "You are not allowed to do this."
