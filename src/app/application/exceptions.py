"""Application errors: who is asking, whether they may, and pipeline failures."""

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
