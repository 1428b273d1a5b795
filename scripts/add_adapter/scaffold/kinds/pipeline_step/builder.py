"""Pipeline steps: a class with the shape of PipelineStep (a `name`, and an
async `run` from context to new context) bound to a port of its own, with a
unit test showing what it reads and writes.

With `calls` the step passes the context values under `reads` to a
collaborator port's method (by keyword, in order) and stores its result under
`writes`; without, it only checks that its reads are present.
"""

from dataclasses import dataclass, replace
from pathlib import Path

from add_adapter.naming import is_dotted_path, snake_case, split_dotted
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch, module_of, without_interface_prefix
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.kinds.http_client.builder import plain_sample, split_union
from add_adapter.scaffold.kinds.pipeline_step.role import role_name
from add_adapter.scaffold.kinds.shared.ports import (
    PortMethod,
    PortShape,
    add_port_if_new,
    annotation_imports,
    find_port,
    planned_ports,
    port_as_named,
)
from add_adapter.scaffold.packages import ensure_package
from add_adapter.scaffold.prose import format_docstring
from add_adapter.scaffold.render import render_template
from add_adapter.scaffold.request import (
    AdapterRequest,
    Method,
    Parameter,
    check_port_path,
)
from add_adapter.specification.vocabulary import Kind, Layer, Scope

STEPS_PACKAGE = "app.infrastructure.pipelines.steps"
STEP_TESTS = Path("tests/unit/pipelines")
DEFAULT_PORTS_PACKAGE = "app.application.ports"
"""Without `implements`, a step implements a port of this package named by
its role (see role.py): TranscribeStep implements
app.application.ports.transcriber.Transcriber."""
COMPLETED_STEPS = "completed_steps"

_CONTEXT_TYPES = frozenset({"PipelineContext", "dict[str, object]"})
RUN = Method(
    "run",
    (Parameter("context", "PipelineContext"),),
    "PipelineContext",
    "A new context with what this step adds; the given one is never changed.",
)
RUN_SHAPE = (
    "a pipeline step has one method: run(context: PipelineContext) -> PipelineContext"
)

_RUNTIME_TYPES = {
    "str": "str",
    "int": "int",
    "float": "int | float",
    "bool": "bool",
    "bytes": "bytes",
    "dict": "dict",
    "list": "list",
    "UUID": "UUID",
    "datetime": "datetime",
    "date": "date",
    "time": "time",
    "Decimal": "Decimal",
}
"""Types whose values `run` checks with isinstance (the base of a generic,
as isinstance takes it); values of other types are trusted (a cast)."""
_OTHER_SAMPLES = {
    "bytes": ('b"alpha"', None),
    "UUID": ('UUID("00000000-0000-4000-8000-000000000001")', "from uuid import UUID"),
    "datetime": (
        "datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)",
        "from datetime import UTC, datetime",
    ),
    "date": ("date(2026, 1, 2)", "from datetime import date"),
    "time": ("time(3, 4, 5)", "from datetime import time"),
    "Decimal": ('Decimal("12.5")', "from decimal import Decimal"),
}
_LOCALS_TAKEN = frozenset({"self", "context", "new_context", "cast", "require"})


@dataclass(frozen=True)
class Read:
    """A context key passed to the collaborator as one argument."""

    key: str
    parameter: str
    local: str
    annotation: str
    check: str | None
    """The isinstance type, or None when the value is cast instead."""
    sample: str
    """A value for the test's input context."""


@dataclass(frozen=True)
class StepCall:
    """The collaborator the step calls."""

    port: PortShape
    method: PortMethod
    reads: tuple[Read, ...]
    writes: str | None
    attribute: str

    @property
    def arguments(self) -> str:
        return ", ".join(f"{read.parameter}={read.local}" for read in self.reads)

    @property
    def expression(self) -> str:
        awaited = "await " if self.method.is_async else ""
        called = f"self._{self.attribute}.{self.method.method.name}"
        return f"{awaited}{called}({self.arguments})"


def build_pipeline_step(request: AdapterRequest, batch: Batch) -> Addition:
    addition = Addition(request.class_name)
    run = _run_method(request)
    snake = snake_case(request.class_name)
    step_name = snake.removesuffix("_step") or snake
    port = check_port_path(
        request.port or _default_port(request.class_name), request.where("implements")
    )
    port_module, port_class = split_dotted(port)
    call = _collaborator(request, batch, port)
    _check_keys(request, call)
    implemented = add_port_if_new(
        _with_port(request, port),
        batch,
        addition,
        (run,),
        _port_docstring(request, step_name),
        attributes=(Parameter("name", "str"),),
    )
    others = [m.method.name for m in implemented if m.method.name != "run"]
    if others:
        raise ScaffoldError(
            request.where("implements"),
            f"{port} also declares {', '.join(others)}; {RUN_SHAPE}",
        )
    module = module_of(request.class_name, STEPS_PACKAGE)
    index = batch.index
    step_imports, test_imports, fake_methods, result = _imports_and_fakes(
        request, batch, call
    )
    port_import, port_base = port_as_named(request.class_name, port_class)
    context = {
        "class_name": request.class_name,
        "module": module,
        "step_name": step_name,
        "port_module": port_module,
        "port_class": port_class,
        "port_import": port_import,
        "port_base": port_base,
        "call": call,
        "reads": request.reads,
        "step_imports": step_imports,
        "test_imports": test_imports,
        "fake_methods": fake_methods,
        "result": result,
        "fake_class": f"Fake{without_interface_prefix(call.port.class_name)}"
        if call
        else "",
        "module_doc": format_docstring(_module_doc(request, call), 0),
        "class_doc": format_docstring(_class_doc(request, port_class, call), 4),
        "test_doc": format_docstring(_test_doc(request, call), 0),
        "fake_doc": format_docstring(_fake_doc(call), 4) if call else "",
    }
    code_path = index.module_path(module)
    package = code_path.parent
    for directory in (package.parent, package):
        ensure_package(batch, addition, directory)
    batch.claim(code_path, addition.owner, request.where("class_name"))
    addition.add(
        code_path, render_template("pipeline_step/pipeline_step.py", **context)
    )
    ensure_package(batch, addition, STEP_TESTS)
    test_path = STEP_TESTS / f"test_{snake}.py"
    batch.claim(test_path, addition.owner, request.where("class_name"))
    addition.add(
        test_path, render_template("pipeline_step/pipeline_step_test.py", **context)
    )
    addition.bind(
        request,
        port,
        (module, code_path, test_path),
        kind=Kind.PIPELINE_STEP,
        layer=Layer.INFRASTRUCTURE_PIPELINE_STEP,
        summary=_summary(request, call),
    )
    if call is None:
        keys = ", ".join(f"'{key}'" for key in request.reads)
        verb = "is" if len(request.reads) == 1 else "are"
        checks = f"checks that {keys} {verb} present and " if keys else ""
        addition.notes.append(
            f"{request.class_name} does no work yet: run {checks}returns a copy of "
            f"the context; write its work in {code_path.as_posix()}, or give "
            "--calls/--reads/--writes to have it call a port"
        )
    return addition


def _default_port(class_name: str) -> str:
    """`LoadUserStep` -> `app.application.ports.user_loader.UserLoader`."""
    role = role_name(class_name)
    return f"{DEFAULT_PORTS_PACKAGE}.{snake_case(role)}.{role}"


def _with_port(request: AdapterRequest, port: str) -> AdapterRequest:
    return request if request.port == port else replace(request, port=port)


def _run_method(request: AdapterRequest) -> Method:
    """The seeds' `run(context: dict) -> dict` (or nothing) as PipelineStep's
    `run`; any other method list is an error."""
    methods = request.methods
    if not methods:
        return RUN
    if len(methods) > 1:
        raise ScaffoldError(request.where("methods"), RUN_SHAPE)
    method = methods[0]
    if method.name != "run":
        raise ScaffoldError(request.where("methods[0].method_name"), RUN_SHAPE)
    if (
        len(method.parameters) != 1
        or method.parameters[0].annotation not in _CONTEXT_TYPES
    ):
        raise ScaffoldError(request.where("methods[0].parameters"), RUN_SHAPE)
    if method.return_type not in _CONTEXT_TYPES:
        raise ScaffoldError(request.where("methods[0].return_type"), RUN_SHAPE)
    return Method(
        RUN.name, RUN.parameters, RUN.return_type, method.description or RUN.description
    )


def _collaborator(
    request: AdapterRequest, batch: Batch, own_port: str
) -> StepCall | None:
    if request.calls is None:
        return None
    where = request.where("calls")
    port, method_name = split_dotted(request.calls)
    if not is_dotted_path(request.calls) or not split_dotted(port)[1][:1].isupper():
        raise ScaffoldError(
            where, f"'{request.calls}' is not package.module.PortClass.method"
        )
    if port == own_port:
        raise ScaffoldError(where, f"the step implements {port}; it cannot call it")
    if split_dotted(port)[1] == split_dotted(own_port)[1]:
        raise ScaffoldError(
            where,
            f"{port} has the class name of the step's own port {own_port}; rename one",
        )
    shape = find_port(batch, port)
    if shape is None:
        raise ScaffoldError(where, f"{port} does not exist")
    method = shape.method(method_name)
    if method is None or method.is_property:
        has = ", ".join(shape.method_names) or "no methods"
        raise ScaffoldError(
            where, f"{port} has no method '{method_name}' (it has: {has})"
        )
    _check_binding(request, batch, port)
    parameters = method.method.parameters
    if not method.required <= len(request.reads) <= len(parameters):
        wanted = ", ".join(p.name for p in parameters) or "no arguments"
        raise ScaffoldError(
            request.where("reads"),
            f"{port}.{method_name} takes {wanted}; reads gives {len(request.reads)} "
            "context key(s), one per argument in order",
        )
    reads = tuple(
        _read(key, parameter)
        for key, parameter in zip(request.reads, parameters, strict=False)
    )
    returns_nothing = method.method.return_type == "None"
    if returns_nothing and request.writes is not None:
        raise ScaffoldError(
            request.where("writes"),
            f"{port}.{method_name} returns None: nothing to write",
        )
    if not returns_nothing and request.writes is None:
        raise ScaffoldError(
            request.where("writes"),
            f"{port}.{method_name} returns {method.method.return_type}: "
            "give the context key to store it under",
        )
    attribute = snake_case(without_interface_prefix(shape.class_name))
    return StepCall(shape, method, reads, request.writes, attribute)


def _check_binding(request: AdapterRequest, batch: Batch, port: str) -> None:
    """The container must be able to give the step its collaborator."""
    if port in planned_ports(batch):
        return  # bound by the addition that plans it
    bound = [c for c in batch.spec.adapters if port in c.implements]
    if not bound:
        raise ScaffoldError(
            request.where("calls"),
            f"no adapter in setup/spec.json implements {port}, so the container "
            f"could not build {request.class_name}",
        )
    if request.scope is Scope.APP and any(c.scope is Scope.REQUEST for c in bound):
        raise ScaffoldError(
            request.where("scope"),
            f"{port} is provided per request ({bound[0].class_name}); "
            "an app-scoped step cannot hold it: use scope request",
        )


def _read(key: str, parameter: Parameter) -> Read:
    local = (
        parameter.name
        if parameter.name not in _LOCALS_TAKEN
        else f"{parameter.name}_value"
    )
    members = split_union(parameter.annotation)
    checks = []
    for member in members:
        base = member.partition("[")[0].strip()
        if base == "None":
            checks.append("None")
        elif base in _RUNTIME_TYPES:
            checks.append(_RUNTIME_TYPES[base])
        else:
            checks = []
            break
    check = " | ".join(dict.fromkeys(checks)) or None
    sample = _sample(parameter.annotation)
    value = sample[0] if sample else None
    if check is not None and value is None:
        # list[Invoice], dict[str, Invoice]: an empty one passes the check.
        value = {"list": "[]", "dict": "{}"}.get(members[0].partition("[")[0].strip())
        if value is None:
            check = None
    return Read(
        key=key,
        parameter=parameter.name,
        local=local,
        annotation=parameter.annotation,
        check=check,
        sample=value if check is not None and value is not None else "object()",
    )


def _sample(annotation: str) -> tuple[str, str | None] | None:
    """A literal of the type and the import it needs, if the type has one."""
    plain = plain_sample(annotation)
    if plain is not None:
        return plain, None
    members = [m for m in split_union(annotation) if m != "None"]
    if members and members[0] in _OTHER_SAMPLES:
        return _OTHER_SAMPLES[members[0]]
    return None


def _check_keys(request: AdapterRequest, call: StepCall | None) -> None:
    for position, key in enumerate(request.reads):
        if not key:
            raise ScaffoldError(
                request.where(f"reads[{position}]"), "a context key is empty"
            )
        if request.reads.index(key) != position:
            raise ScaffoldError(
                request.where(f"reads[{position}]"), f"'{key}' is read twice"
            )
    if request.writes is not None:
        if not request.writes:
            raise ScaffoldError(request.where("writes"), "a context key is empty")
        if request.writes == COMPLETED_STEPS:
            raise ScaffoldError(
                request.where("writes"),
                f"'{COMPLETED_STEPS}' is the Pipeline's own key",
            )
        if call is None:
            raise ScaffoldError(
                request.where("writes"),
                "without calls there is no result to write: name the port method "
                "the step calls (calls), or leave writes out",
            )


def _imports_and_fakes(
    request: AdapterRequest, batch: Batch, call: StepCall | None
) -> tuple[list[str], list[str], list[tuple[PortMethod, str]], tuple[str, str] | None]:
    """Imports of the step module and of its test, the fake collaborator's
    methods (with the body each has), and the fake's result (annotation,
    value)."""
    if call is None:
        return [], [], [], None
    shape = call.port
    where = request.where("calls")
    import_of_port = f"from {shape.module} import {shape.class_name}"
    casts = [read for read in call.reads if read.check is None]
    step_annotations = [(read.annotation, where) for read in call.reads]
    step_imports = [
        import_of_port,
        *(["from typing import cast"] if casts else []),
        *annotation_imports(batch, step_annotations, shape.imports),
    ]
    returns = call.method.method.return_type
    result = None
    if call.writes is not None:
        sample = _sample(returns)
        # A value the fake returns and only it could: None would pass for a
        # step that stores nothing, so an optional result gets one too.
        if sample is not None:
            result = (returns, sample[0])
        else:
            result = (returns, f'cast("{returns}", object())')
    signatures = [(" | ".join(m.names) or "None", where) for m in shape.methods]
    test_imports = [
        import_of_port,
        *annotation_imports(batch, signatures, shape.imports),
        *(
            line
            for read in call.reads
            if (sample := _sample(read.annotation)) and (line := sample[1])
        ),
    ]
    if result is not None:
        if result[1].startswith("cast("):
            test_imports.append("from typing import cast")
        sample = _sample(returns)
        if sample is not None and sample[1]:
            test_imports.append(sample[1])
    fake_methods = [
        (m, "called" if m.method.name == call.method.method.name else "unused")
        for m in shape.methods
    ]
    return (
        sorted(set(step_imports)),
        sorted(set(test_imports)),
        fake_methods,
        result,
    )


def _summary(request: AdapterRequest, call: StepCall | None) -> str:
    if call is None:
        return "A pipeline step; it does no work yet."
    target = f"{call.port.class_name}.{call.method.method.name}"
    keys = ", ".join(request.reads)
    written = f" and stores the result under '{call.writes}'" if call.writes else ""
    return f"Passes {keys or 'nothing'} from the context to {target}{written}."


def _port_docstring(request: AdapterRequest, step_name: str) -> str:
    # The port's own role: the request's description is the step's.
    purpose = f"The {step_name.replace('_', ' ')} step of a pipeline."
    return (
        f"{purpose}\n\n"
        "A PipelineStep (app.application.common.pipeline): `name` is unique "
        "within its Pipeline, and `run` returns a new context without "
        "changing the given one. It raises MissingContextKeyError when a key "
        "it reads is absent; any other error is wrapped by the Pipeline in "
        "PipelineStepError."
    )


def _module_doc(request: AdapterRequest, call: StepCall | None) -> str:
    summary = request.description or _summary(request, call)
    return f"{request.class_name}: {summary[:1].lower()}{summary[1:]}"


def _class_doc(request: AdapterRequest, port_class: str, call: StepCall | None) -> str:
    reads = ", ".join(f"'{key}'" for key in request.reads)
    if call is None:
        body = (
            f"Reads {reads} (MissingContextKeyError when absent) and returns a copy "
            "of the context: the work is yours to write."
            if reads
            else "Returns a copy of the context: the work is yours to write."
        )
    else:
        target = f"{call.port.class_name}.{call.method.method.name}"
        checked = [f"'{r.key}'" for r in call.reads if r.check is not None]
        typed = (
            f" A value of the wrong type under {', '.join(checked)} raises TypeError."
            if checked
            else ""
        )
        stored = (
            f" and stores what it returns under '{call.writes}'" if call.writes else ""
        )
        body = (
            f"Passes {reads or 'no context value'} to {target}{stored}. A missing key "
            f"raises MissingContextKeyError.{typed} Errors of {target} propagate."
        )
    return f"{port_class} as a pipeline step.\n\n{body}"


def _fake_doc(call: StepCall) -> str:
    answers = " and answers RESULT" if call.writes else ""
    return f"Records the arguments of each call to {call.method.method.name}{answers}."


def _test_doc(request: AdapterRequest, call: StepCall | None) -> str:
    written = f" with '{call.writes}'" if call is not None and call.writes else ""
    needs = ", needs every key it reads" if request.reads else ""
    return (
        f"{request.class_name}: run returns a new context{written} and leaves "
        f"the given one untouched{needs}, and the step runs inside a Pipeline."
    )
