"""Pipelines: steps that each take a context and return a new one, run in order.

A context is a plain ``dict[str, object]``: data in, data out. The pipeline
records the name of every finished step under ``COMPLETED_STEPS`` and skips
the steps already listed there, so a failed run can be resumed: pass the
``context`` carried by the ``PipelineStepError`` (or ``MissingContextKeyError``)
to ``run`` again and it continues after the last step that finished.
"""

from collections.abc import Sequence
from typing import Protocol

from app.application.exceptions import (
    ApplicationError,
    MissingContextKeyError,
    PipelineError,
    PipelineStepError,
)
from app.domain.exceptions import DomainError

PipelineContext = dict[str, object]

COMPLETED_STEPS = "completed_steps"


class PipelineStep(Protocol):
    """One step of a ``Pipeline``.

    ``run`` returns a NEW context (usually ``{**context, "key": value}``) and
    never mutates the one it was given. It raises ``MissingContextKeyError``
    when a key it reads is absent (``require`` does that). ``name`` must be
    unique within a pipeline: it is what ``COMPLETED_STEPS`` records.
    """

    name: str

    async def run(self, context: PipelineContext) -> PipelineContext: ...


def require(context: PipelineContext, key: str, step: str) -> object:
    """``context[key]``, or ``MissingContextKeyError`` naming ``step`` and ``key``."""
    try:
        return context[key]
    except KeyError:
        raise MissingContextKeyError(step=step, key=key) from None


class Pipeline:
    """Runs steps in order, each on the previous step's output.

    A step's ``ApplicationError`` or ``DomainError`` (``MissingContextKeyError``
    included) propagates unchanged; anything else is wrapped in
    ``PipelineStepError(step=name)`` with the original as ``__cause__``.
    Pipeline errors carry ``context``: the context to pass to ``run`` to
    resume after the last finished step. The input context is never mutated.
    """

    def __init__(self, steps: Sequence[PipelineStep]) -> None:
        names = [step.name for step in steps]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"Pipeline step names must be unique: {duplicates}")
        self._steps = tuple(steps)

    @property
    def steps(self) -> tuple[PipelineStep, ...]:
        return self._steps

    async def run(self, context: PipelineContext) -> PipelineContext:
        current = _copy(context)
        for step in self._steps:
            completed = _completed_steps(current)
            if step.name in completed:
                continue
            try:
                result = await step.run(_copy(current))
            except PipelineError as err:
                err.context = _copy(current)
                raise
            except (ApplicationError, DomainError):
                raise
            except Exception as err:
                raise PipelineStepError(step=step.name, context=_copy(current)) from err
            if not isinstance(result, dict):
                raise PipelineStepError(
                    step=step.name,
                    message=(
                        f"Pipeline step {step.name!r} returned "
                        f"{type(result).__name__}, not a context dict."
                    ),
                    context=_copy(current),
                )
            current = {**result, COMPLETED_STEPS: [*completed, step.name]}
        return current


def _completed_steps(context: PipelineContext) -> list[str]:
    value = context.get(COMPLETED_STEPS, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"context[{COMPLETED_STEPS!r}] must be a list of step names")
    return list(value)


def _copy(context: PipelineContext) -> PipelineContext:
    """A shallow copy that also copies the completed-steps list."""
    copied = dict(context)
    if COMPLETED_STEPS in copied:
        copied[COMPLETED_STEPS] = _completed_steps(copied)
    return copied
