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


class ExternalServiceError(InfrastructureError):
    code = "external_service_unavailable"
    default_message = "An external service did not give a usable answer."


class ExternalServiceTimeoutError(ExternalServiceError):
    code = "external_service_timeout"
    default_message = "An external service did not answer in time."


class ExternalServiceRejectedError(ExternalServiceError):
    """The service refused the request (a 4xx): retrying it unchanged won't help."""

    code = "external_service_rejected"
    default_message = "An external service rejected the request."

    def __init__(self, message: str | None = None, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class ExternalServiceNotConfiguredError(ExternalServiceError):
    code = "external_service_not_configured"
    default_message = "An external service is not configured."

    def __init__(self, setting: str) -> None:
        # Names the setting, never its value: a partial value may be a secret.
        super().__init__(f"{setting} is not set")
        self.setting = setting


class CacheError(InfrastructureError):
    code = "cache_unavailable"
    default_message = "The cache could not store or load a value."


class PublishError(InfrastructureError):
    """The broker did not take the message: it was not sent (or not confirmed)."""

    code = "message_broker_unavailable"
    default_message = "The message broker did not accept the message."


class StorageError(InfrastructureError):
    code = "file_storage_unavailable"
    default_message = "The file storage could not store or load a file."


# An outage is logged once by the component that noticed it (OutageLog); the
# errors it marks are then not logged again by each request they fail.
_OUTAGE_MARK = "_logged_as_outage"


def mark_logged_outage(err: BaseException) -> None:
    """Notes that ``err`` is part of an outage already in the log."""
    setattr(err, _OUTAGE_MARK, True)


def logged_as_outage(err: BaseException) -> bool:
    """Whether ``err``, or an error it was raised from, is part of an outage
    already in the log."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        if getattr(current, _OUTAGE_MARK, False):
            return True
        seen.add(id(current))
        # SQLAlchemy keeps the driver's error as .orig as well as the cause.
        orig = getattr(current, "orig", None)
        if isinstance(orig, BaseException) and getattr(orig, _OUTAGE_MARK, False):
            return True
        current = current.__cause__ or current.__context__
    return False
