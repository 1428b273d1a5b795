"""Pipeline: ordered steps, new contexts, resuming, error wrapping."""

from dataclasses import dataclass, field

import pytest

from app.application.common.pipeline import (
    COMPLETED_STEPS,
    Pipeline,
    PipelineContext,
    PipelineStep,
    require,
)
from app.application.exceptions import (
    AuthorizationError,
    MissingContextKeyError,
    PipelineStepError,
)
from app.domain.exceptions import UserNotFoundError


@dataclass
class Append:
    """Appends its name to ``trail`` (read from the context) and counts its runs."""

    name: str
    runs: int = 0

    async def run(self, context: PipelineContext) -> PipelineContext:
        self.runs += 1
        trail = context.get("trail", ())
        assert isinstance(trail, tuple)
        return {**context, "trail": (*trail, self.name)}


@dataclass
class Double:
    """Reads ``number`` (required) and writes ``doubled``."""

    name: str = "double"

    async def run(self, context: PipelineContext) -> PipelineContext:
        number = require(context, "number", self.name)
        assert isinstance(number, int)
        return {**context, "doubled": number * 2}


@dataclass
class Fail:
    """Raises ``error`` while ``failures_left`` > 0, then behaves like Append."""

    name: str
    error: Exception
    failures_left: int = 1
    runs: int = 0

    async def run(self, context: PipelineContext) -> PipelineContext:
        self.runs += 1
        if self.failures_left > 0:
            self.failures_left -= 1
            raise self.error
        return await Append(self.name).run(context)


@dataclass
class Mutating:
    """A badly behaved step that changes the context it was given."""

    name: str = "mutating"
    seen: list[PipelineContext] = field(default_factory=list)

    async def run(self, context: PipelineContext) -> PipelineContext:
        self.seen.append(context)
        context["mutated"] = True
        return context


def test_a_step_class_satisfies_the_protocol() -> None:
    step: PipelineStep = Append("a")
    assert step.name == "a"


async def test_steps_run_in_order_on_the_previous_output() -> None:
    pipeline = Pipeline([Append("a"), Append("b"), Append("c")])

    result = await pipeline.run({"trail": ()})

    assert result["trail"] == ("a", "b", "c")
    assert result[COMPLETED_STEPS] == ["a", "b", "c"]


async def test_a_step_sees_what_earlier_steps_wrote() -> None:
    @dataclass
    class SetNumber:
        name: str = "set_number"

        async def run(self, context: PipelineContext) -> PipelineContext:
            return {**context, "number": 21}

    result = await Pipeline([SetNumber(), Double()]).run({})

    assert result["doubled"] == 42


async def test_the_input_context_is_never_mutated() -> None:
    context: PipelineContext = {"trail": (), COMPLETED_STEPS: []}
    before: PipelineContext = {"trail": (), COMPLETED_STEPS: []}
    completed_list = context[COMPLETED_STEPS]

    result = await Pipeline([Append("a"), Mutating()]).run(context)

    assert context == before
    assert context[COMPLETED_STEPS] is completed_list
    assert completed_list == []
    assert result is not context
    assert result["mutated"] is True


async def test_a_failed_run_resumes_after_the_last_completed_step() -> None:
    a, c = Append("a"), Append("c")
    flaky = Fail("b", RuntimeError("disk full"))
    pipeline = Pipeline([a, flaky, c])

    with pytest.raises(PipelineStepError) as caught:
        await pipeline.run({"trail": ()})

    resume = caught.value.context
    assert resume is not None
    assert resume[COMPLETED_STEPS] == ["a"]
    assert resume["trail"] == ("a",)

    result = await pipeline.run(resume)

    assert result["trail"] == ("a", "b", "c")
    assert result[COMPLETED_STEPS] == ["a", "b", "c"]
    assert (a.runs, flaky.runs, c.runs) == (1, 2, 1)


async def test_steps_already_listed_as_completed_are_skipped() -> None:
    a, b = Append("a"), Append("b")

    result = await Pipeline([a, b]).run({"trail": ("x",), COMPLETED_STEPS: ["a"]})

    assert a.runs == 0
    assert b.runs == 1
    assert result["trail"] == ("x", "b")
    assert result[COMPLETED_STEPS] == ["a", "b"]


async def test_an_unexpected_error_is_wrapped_with_its_cause() -> None:
    original = ValueError("bad row")
    pipeline = Pipeline([Append("a"), Fail("load", original)])

    with pytest.raises(PipelineStepError) as caught:
        await pipeline.run({})

    error = caught.value
    assert error.step == "load"
    assert error.__cause__ is original
    assert "load" in str(error)
    assert error.code == "pipeline_step_failed"


@pytest.mark.parametrize(
    "error",
    [AuthorizationError(), UserNotFoundError()],
    ids=["application", "domain"],
)
async def test_application_and_domain_errors_propagate_unwrapped(
    error: Exception,
) -> None:
    with pytest.raises(type(error)) as caught:
        await Pipeline([Fail("step", error)]).run({})

    assert caught.value is error


async def test_a_missing_key_names_the_step_and_the_key() -> None:
    pipeline = Pipeline([Append("a"), Double()])

    with pytest.raises(MissingContextKeyError) as caught:
        await pipeline.run({})

    error = caught.value
    assert (error.step, error.key) == ("double", "number")
    assert "double" in str(error)
    assert "number" in str(error)
    assert error.code == "pipeline_context_key_missing"
    assert error.context is not None
    assert error.context[COMPLETED_STEPS] == ["a"]

    result = await pipeline.run({**error.context, "number": 4})
    assert result["doubled"] == 8


def test_require_returns_the_value_or_names_step_and_key() -> None:
    assert require({"k": 1}, "k", "s") == 1
    with pytest.raises(MissingContextKeyError, match=r"'s'.*'k'"):
        require({}, "k", "s")


def test_two_steps_with_the_same_name_are_rejected() -> None:
    with pytest.raises(ValueError, match="'a'"):
        Pipeline([Append("a"), Append("b"), Append("a")])


async def test_an_empty_pipeline_returns_a_copy() -> None:
    context: PipelineContext = {"x": 1}

    result = await Pipeline([]).run(context)

    assert result == context
    assert result is not context


async def test_a_step_returning_no_context_fails_clearly() -> None:
    @dataclass
    class ReturnsNone:
        name: str = "returns_none"

        async def run(self, context: PipelineContext) -> PipelineContext:
            return None  # type: ignore[return-value]

    with pytest.raises(PipelineStepError, match="returns_none"):
        await Pipeline([ReturnsNone()]).run({})
