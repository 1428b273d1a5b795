"""Application errors: who is asking, whether they may, pipeline failures,
what a file storage port promises its callers (a missing file, a bad key),
and a value no store can hold."""

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


class TooManyAttemptsError(ApplicationError):
    """Too many log-in attempts on an account or from an address, for now."""

    code = "too_many_attempts"
    default_message = "Too many log-in attempts; wait before trying again."

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            f"Too many log-in attempts; try again in {retry_after_seconds} seconds."
        )
        self.retry_after_seconds = retry_after_seconds


class AuthorizationError(ApplicationError):
    code = "forbidden"
    default_message = "You are not allowed to do this."


class ValueNotStorableError(ApplicationError):
    """A store refused a value of the request as data: a character, a length
    or a range it cannot hold or compare (a NUL byte, a string longer than
    its column). The request is at fault, not a failing backing service:
    sent again unchanged it fails again, so it is never an outage."""

    code = "value_not_storable"
    default_message = (
        "A value of the request cannot be stored or looked up as it is: it "
        "holds a character, a length or a number the storage does not accept."
    )


class PipelineError(ApplicationError):
    """A pipeline stopped; ``context`` is what to pass to ``run`` to resume."""

    code = "pipeline_error"
    default_message = "A pipeline could not finish."

    def __init__(
        self, message: str | None = None, context: dict[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.context = context


class PipelineStepError(PipelineError):
    """A step failed unexpectedly; the original error is the ``__cause__``."""

    code = "pipeline_step_failed"
    default_message = "A pipeline step failed."

    def __init__(
        self,
        step: str,
        message: str | None = None,
        context: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message or f"Pipeline step {step!r} failed.", context)
        self.step = step


class MissingContextKeyError(PipelineError):
    """A step reads a context key that neither the caller nor a step set."""

    code = "pipeline_context_key_missing"
    default_message = "A pipeline step needs a context key that is missing."

    def __init__(
        self,
        step: str,
        key: str,
        message: str | None = None,
        context: dict[str, object] | None = None,
    ) -> None:
        super().__init__(
            message or f"Pipeline step {step!r} needs context key {key!r}.", context
        )
        self.step = step
        self.key = key


class FileStorageError(ApplicationError):
    """A file storage refused a request for what it asked, not for a failure
    (those are the storage's own errors)."""

    code = "file_storage_error"
    default_message = "The file storage cannot serve this request."

    def __init__(self, key: str, message: str | None = None) -> None:
        super().__init__(message)
        self.key = key


class FileNotFoundInStorageError(FileStorageError):
    code = "stored_file_not_found"
    default_message = "No file is stored under this key."

    def __init__(self, key: str, message: str | None = None) -> None:
        super().__init__(key, message or f"No file is stored under key {key!r}.")


class StorageKeyError(FileStorageError):
    """A key that is empty, absolute, or climbs out of its storage (``..``)."""

    code = "invalid_storage_key"
    default_message = "The storage key is not valid."

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(key, f"Storage key {key!r} {reason}.")
        self.reason = reason


class IdempotencyKeyReusedError(ApplicationError):
    """An Idempotency-Key sent again with a request other than the one it was
    first used for."""

    code = "idempotency_key_reused"
    default_message = (
        "This Idempotency-Key was already used for a different request. Send "
        "that request again to get its answer; a new request needs a new key."
    )


class IdempotencyKeyInUseError(ApplicationError):
    """The request that first used this Idempotency-Key is still running."""

    code = "idempotency_key_in_use"
    default_message = (
        "The first request with this Idempotency-Key is still being processed; "
        "send this one again shortly, with the same key."
    )
