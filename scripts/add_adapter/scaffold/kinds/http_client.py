"""HTTP clients: an adapter calling another service's JSON API through
JsonApiClient (which owns timeouts, retries and idempotency keys), with its
Config dataclass, its port when the port is new, a scripted in-memory twin
for use-case tests, and integration tests against the loopback stub server.

The environment variables are named by add_adapter.sync.http_settings; `sync`
turns the spec entry into AdapterSettings fields and a Config provider.
"""

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from add_adapter.naming import snake_case, split_dotted
from add_adapter.paths import IN_MEMORY_PACKAGE
from add_adapter.scaffold.addition import Addition, twin_entry
from add_adapter.scaffold.batch import Batch, module_of, without_interface_prefix
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.kinds.entity import ensure_package
from add_adapter.scaffold.kinds.ports import (
    PortMethod,
    add_port_if_new,
    default_method_doc,
    strict_method,
)
from add_adapter.scaffold.prose import LINE_LENGTH, format_docstring, technology_named
from add_adapter.scaffold.render import render_template
from add_adapter.scaffold.request import (
    AdapterRequest,
    Method,
    Parameter,
    check_port_path,
    split_outside_brackets,
)
from add_adapter.scaffold.shadowing import shadowed, signature, uses_builtins
from add_adapter.spec.model import Component
from add_adapter.spec.vocabulary import Kind, Layer
from add_adapter.sync.http_settings import (
    HttpClientNames,
    SettingRole,
    config_name_problem,
    env_prefix,
    http_client_names,
)

HTTP_PACKAGE = "app.infrastructure.http"
HTTP_TESTS = Path("tests/integration/http")
READ_VERBS = ("get", "list", "find", "fetch", "search")
"""Methods named `<verb>_...` are GETs; every other method is a POST."""

RETURNS_PLAIN_DATA = (
    "an HTTP client returns dict, list or None (plain data, never SDK objects); "
    "map it to your type in the use case"
)
_QUERY_TYPES = {"int": '"7"', "str": '"alpha"', "float": '"1.5"', "bool": '"true"'}
"""Types a GET may send as query parameters, with how the sample reads on
the wire."""
_SCALAR_SAMPLES = {"int": "7", "str": '"alpha"', "float": "1.5", "bool": "True"}
IDEMPOTENCY_KEY = "idempotency_key"
"""A parameter of this name (a str) is the Idempotency-Key header of the
write, not part of its body: the caller chooses it."""
_KEY_SAMPLE = '"key-alpha"'
_LIST = re.compile(r"^list\[(?P<item>.+)\]$")
_DICT = re.compile(r"^dict\[\s*str\s*,\s*(?P<value>.+)\]$")


class Returns(StrEnum):
    """What a client method makes of the answer's JSON."""

    OBJECT = "dict[str, object]"
    LIST = "list[object]"
    OBJECTS = "list[dict[str, object]]"
    NOTHING = "None"


_ANSWERS: dict[Returns, tuple[int, str]] = {
    Returns.OBJECT: (200, '{"id": "obj_1", "status": "ok"}'),
    Returns.LIST: (200, '[{"id": "obj_1"}, {"id": "obj_2"}]'),
    Returns.OBJECTS: (200, '[{"id": "obj_1"}, {"id": "obj_2"}]'),
    Returns.NOTHING: (204, "{}"),
}
"""The stub's status and JSON for each kind of answer, in the tests."""


@dataclass(frozen=True)
class Endpoint:
    """One method of the client: the request it sends and what it returns."""

    method: Method
    http_method: str
    path: str
    returns: Returns
    samples: tuple[str, ...]
    """A literal argument per parameter, for the tests."""
    signature: str = ""
    """As the client and its twin write it (builtins it hides guarded)."""

    @property
    def doc(self) -> str | None:
        """The method's description when it names a technology: the port
        keeps to its role, so the client's method says it."""
        text = self.method.description
        return format_docstring(text, 8) if text and technology_named(text) else None

    @property
    def is_get(self) -> bool:
        return self.http_method == "GET"

    @property
    def has_idempotency_key(self) -> bool:
        """Whether the caller passes the write's Idempotency-Key."""
        return any(p.name == IDEMPOTENCY_KEY for p in self.method.parameters)

    @property
    def sent_parameters(self) -> tuple[Parameter, ...]:
        """The parameters sent as the query string or the JSON body."""
        return tuple(p for p in self.method.parameters if p.name != IDEMPOTENCY_KEY)

    @property
    def payload(self) -> str:
        """Every argument by name, as a dict literal (what the twin records)."""
        return _dict_of(self.method.parameters)

    @property
    def body(self) -> str:
        """The statement of the client method."""
        verb = "get" if self.is_get else "post"
        payload = (
            f", {_dict_of(self.sent_parameters)}"
            if self.sent_parameters or not self.is_get
            else ""
        )
        if self.has_idempotency_key:
            payload += f", idempotency_key={IDEMPOTENCY_KEY}"
        call = f'await self._api.{verb}("{self.path}"{payload})'
        if self.returns is Returns.OBJECT:
            return f"return expect_object({call}, service=self._service)"
        if self.returns is Returns.LIST:
            return f"return expect_list({call}, service=self._service)"
        if self.returns is Returns.OBJECTS:
            return (
                "return [expect_object(entry, service=self._service) "
                f"for entry in expect_list({call}, service=self._service)]"
            )
        return call

    @property
    def call_arguments(self) -> str:
        """Keyword arguments calling the method with the samples."""
        return ", ".join(
            f"{p.name}={s}"
            for p, s in zip(self.method.parameters, self.samples, strict=True)
        )

    @property
    def sent_query(self) -> str:
        """The query string the stub receives, as a dict literal."""
        if not self.is_get:
            return "{}"
        pairs = (
            f'"{p.name}": {_QUERY_TYPES[p.annotation]}' for p in self.method.parameters
        )
        return "{" + ", ".join(pairs) + "}"

    @property
    def sent_json(self) -> str:
        """The JSON body the stub receives (None for a GET)."""
        if self.is_get:
            return "None"
        pairs = (
            f'"{p.name}": {s}'
            for p, s in zip(self.method.parameters, self.samples, strict=True)
            if p.name != IDEMPOTENCY_KEY
        )
        return "{" + ", ".join(pairs) + "}"

    @property
    def sent_key(self) -> str:
        """The Idempotency-Key the caller passes in the tests, or None."""
        return _KEY_SAMPLE if self.has_idempotency_key else "None"

    @property
    def comment_lines(self) -> list[str]:
        """`comment` wrapped to fit the method body (indent 8, then `# `)."""
        return textwrap.wrap(self.comment, width=LINE_LENGTH - 10)

    @property
    def comment(self) -> str:
        """What the method sends, said above its statement."""
        request = f"{self.http_method} {self.path}"
        if not self.sent_parameters:
            sent = ""
        elif self.is_get:
            sent = ", the arguments as query parameters"
        elif self.has_idempotency_key:
            sent = ", the other arguments as a JSON object"
        else:
            sent = ", the arguments as a JSON object"
        if not self.has_idempotency_key:
            return f"{request}{sent}."
        return (
            f"{request}{sent}; the caller's idempotency_key is the "
            "Idempotency-Key header of every attempt, so the service performs "
            "the write once however often the same key is sent."
        )

    @property
    def answer_status(self) -> int:
        return _ANSWERS[self.returns][0]

    @property
    def answer(self) -> str:
        return _ANSWERS[self.returns][1]

    @property
    def expected(self) -> str:
        return "None" if self.returns is Returns.NOTHING else self.answer


def _dict_of(parameters: tuple[Parameter, ...]) -> str:
    """`{"a": a, "b": b}`: the parameters by name."""
    return "{" + ", ".join(f'"{p.name}": {p.name}' for p in parameters) + "}"


def build_http_client(request: AdapterRequest, batch: Batch) -> Addition:
    addition = Addition(request.class_name)
    if request.port is None:
        raise ScaffoldError(
            request.where("implements"),
            "an HTTP client implements a port: name it (package.module.ClassName)",
        )
    port = check_port_path(request.port, request.where("implements"))
    port_module, port_class = split_dotted(port)
    module = module_of(request.class_name, HTTP_PACKAGE)
    names = _names(request, module)
    _check_methods(request)
    for method in request.methods:
        # Before the port is written: the HTTP rules explain a bad type best.
        _endpoint(request, PortMethod(strict_method(method)))
    implemented = add_port_if_new(
        request,
        batch,
        addition,
        request.methods,
        _port_docstring(request, port_class),
        method_doc=_method_doc,
    )
    hidden = shadowed([method.method.name for method in implemented])
    endpoints = [
        replace(_endpoint(request, method), signature=signature(method.method, hidden))
        for method in implemented
    ]
    in_memory_class = _in_memory_class(port_class, batch, addition.owner)
    in_memory_module = module_of(in_memory_class, IN_MEMORY_PACKAGE)
    context = {
        "class_name": request.class_name,
        "port_module": port_module,
        "port_class": port_class,
        "module": module,
        "names": names,
        "endpoints": endpoints,
        "expect_functions": _expect_functions(endpoints),
        "builtins": uses_builtins([endpoint.signature for endpoint in endpoints]),
        "secret_attributes": [
            extra.attribute
            for extra in names.extras
            if extra.role is SettingRole.SECRET
        ],
        "in_memory_class": in_memory_class,
        "module_doc": format_docstring(
            _module_doc(request, port_class, names.service), 0
        ),
        "config_doc": format_docstring(_config_doc(names), 4),
        "class_doc": format_docstring(_class_doc(port_class, names, endpoints), 4),
        "keyed": any(endpoint.has_idempotency_key for endpoint in endpoints),
        "in_memory_doc": format_docstring(_in_memory_doc(port_class), 0),
    }
    index = batch.index
    code_path = index.module_path(module)
    batch.claim(code_path, addition.owner, request.where("class_name"))
    addition.add(code_path, render_template("http_client.py", **context))
    _add_in_memory_twin(request, batch, addition, in_memory_module, context)
    for directory in (HTTP_TESTS.parent, HTTP_TESTS):
        ensure_package(batch, addition, directory)
    test_path = HTTP_TESTS / f"test_{snake_case(request.class_name)}.py"
    batch.claim(test_path, addition.owner, request.where("class_name"))
    addition.add(test_path, render_template("http_client_test.py", **context))
    addition.code_path, addition.test_path = code_path, test_path
    twin_path = index.module_path(in_memory_module)
    if addition.writes(twin_path):
        addition.twin = twin_entry(
            in_memory_class, in_memory_module, twin_path, port, request.class_name
        )
    addition.components.append(
        Component(
            class_name=request.class_name,
            module=module,
            layer=Layer.INFRASTRUCTURE_ADAPTER,
            kind=Kind.HTTP_CLIENT,
            implements=(port,),
            scope=request.scope,
            description=request.description
            or f"Calls {names.service}'s HTTP API for {port_class}.",
            config=tuple(request.config),
            code_path=code_path.as_posix(),
            test_path=test_path.as_posix(),
        )
    )
    environment = ", ".join(setting.env_name for setting in names.settings)
    addition.notes.append(
        f"{request.class_name} reads {environment} (fields of AdapterSettings in "
        f"setup/adapter_settings.py); until {names.base_url.env_name} is set, each "
        "call raises ExternalServiceNotConfiguredError"
    )
    return addition


def _names(request: AdapterRequest, module: str) -> HttpClientNames:
    prefix = env_prefix(request.class_name, request.config)
    for position, name in enumerate(request.config):
        problem = config_name_problem(name, prefix)
        if problem is None and request.config.index(name) != position:
            problem = f"'{name}' is listed twice"
        if problem is not None:
            raise ScaffoldError(request.where(f"config[{position}]"), problem)
    names = http_client_names(request.class_name, module, request.config)
    attributes = [extra.attribute for extra in names.extras]
    for extra in names.extras:
        if attributes.count(extra.attribute) > 1:
            raise ScaffoldError(
                request.where(f"config[{request.config.index(extra.env_name)}]"),
                f"two config names give attribute '{extra.attribute}'",
            )
    return names


_TWIN_NAMES = ("answer", "calls")
"""What the scripted twin offers tests besides the port's methods."""


def _check_methods(request: AdapterRequest) -> None:
    seen: list[str] = []
    for position, method in enumerate(request.methods):
        if method.name in _TWIN_NAMES:
            raise ScaffoldError(
                request.where(f"methods[{position}].method_name"),
                f"'{method.name}' is a method of the client's in-memory twin "
                f"({', '.join(_TWIN_NAMES)}); name yours otherwise",
            )
        if method.name in seen:
            raise ScaffoldError(
                request.where(f"methods[{position}].method_name"),
                f"method '{method.name}' is listed twice",
            )
        seen.append(method.name)


def _endpoint(request: AdapterRequest, port_method: PortMethod) -> Endpoint:
    method = port_method.method
    where, about = _locator(request, method.name)
    if not port_method.is_async or port_method.is_property:
        raise ScaffoldError(
            request.where("implements"),
            f"{request.port}.{method.name} is not an async method; "
            "an HTTP client's methods all are",
        )
    verb, _, rest = method.name.partition("_")
    is_get = verb in READ_VERBS and bool(rest)
    samples = []
    for index, parameter in enumerate(method.parameters):
        annotation = parameter.annotation
        if parameter.name == IDEMPOTENCY_KEY:
            _check_idempotency_key(
                where(f"parameters[{index}]"), about, method.name, annotation, is_get
            )
            samples.append(_KEY_SAMPLE)
            continue
        if is_get and annotation not in _QUERY_TYPES:
            raise ScaffoldError(
                where(f"parameters[{index}]"),
                f"{about}'{parameter.name}: {annotation}': a GET sends its "
                "parameters as the query string, so each is str, int, float or bool "
                f"(name the method otherwise than {verb}_... to POST them as JSON)",
            )
        sample = plain_sample(annotation)
        if sample is None:
            raise ScaffoldError(
                where(f"parameters[{index}]"),
                f"{about}'{parameter.name}: {annotation}': an HTTP client sends "
                "plain data (str, int, float, bool, dict[str, ...], list[...], "
                "or X | None)",
            )
        samples.append(sample)
    try:
        returns = Returns(method.return_type)
    except ValueError:
        raise ScaffoldError(
            where("return_type"), f"{about}{RETURNS_PLAIN_DATA}"
        ) from None
    kebab = (rest if is_get else method.name).replace("_", "-")
    return Endpoint(
        method=method,
        http_method="GET" if is_get else "POST",
        path=f"/{kebab}",
        returns=returns,
        samples=tuple(samples),
    )


def _check_idempotency_key(
    where: str, about: str, method_name: str, annotation: str, is_get: bool
) -> None:
    """An idempotency_key parameter is the Idempotency-Key header of a write:
    a str the caller chooses. A GET has no such header (reading twice is
    harmless), so one there would be sent nowhere: refused."""
    if is_get:
        raise ScaffoldError(
            where,
            f"{about}{method_name}() is a GET ({method_name.partition('_')[0]}_...),"
            f" which sends no Idempotency-Key, so its parameter '{IDEMPOTENCY_KEY}'"
            " would be sent nowhere: drop it, or name the method otherwise to "
            "POST it (the key then goes as the Idempotency-Key header)",
        )
    if annotation != "str":
        raise ScaffoldError(
            where,
            f"{about}'{IDEMPOTENCY_KEY}: {annotation}': it is sent as the "
            f"Idempotency-Key header, so it is a str (the caller's key, one per "
            "order say)",
        )


def _locator(
    request: AdapterRequest, method_name: str
) -> tuple[Callable[[str], str], str]:
    """Where a method's problems are reported, and what the message starts
    with: its entry in the request's methods, or (for a method read from an
    existing port) the port, with the method named in the message."""
    position = next(
        (i for i, m in enumerate(request.methods) if m.name == method_name), None
    )
    if position is None:
        return (lambda part: request.where("implements")), f"{method_name}: "
    return (lambda part: request.where(f"methods[{position}].{part}")), ""


def split_union(annotation: str) -> list[str]:
    """The members of a union, split on `|` outside brackets."""
    return split_outside_brackets(annotation, "|")


def plain_sample(annotation: str) -> str | None:
    """A literal of a JSON-shaped type (int 7, str "alpha", float 1.5, bool
    True, dict {"key": "value"}, list ["a"]), or None for any other type."""
    members = [m for m in split_union(annotation.strip()) if m != "None"]
    if not members:
        return None
    member = members[0]
    if member in _SCALAR_SAMPLES:
        return _SCALAR_SAMPLES[member]
    if member == "object":
        return '"value"'
    listed = _LIST.match(member)
    if listed is not None:
        item = listed.group("item").strip()
        sample = '"a"' if item == "object" else plain_sample(item)
        return None if sample is None else f"[{sample}]"
    mapping = _DICT.match(member)
    if mapping is not None:
        value = plain_sample(mapping.group("value").strip())
        return None if value is None else f'{{"key": {value}}}'
    return None


def _expect_functions(endpoints: list[Endpoint]) -> list[str]:
    used = set()
    for endpoint in endpoints:
        if endpoint.returns in (Returns.OBJECT, Returns.OBJECTS):
            used.add("expect_object")
        if endpoint.returns in (Returns.LIST, Returns.OBJECTS):
            used.add("expect_list")
    return sorted(used)


def _in_memory_class(port_class: str, batch: Batch, owner: str) -> str:
    """`InMemoryShippingGateway` for `IShippingGateway`, unless another
    addition's twin (of another port) already has that name: then the port's
    own name is kept whole (`InMemoryIShippingGateway`)."""
    short = f"InMemory{without_interface_prefix(port_class)}"
    path = batch.index.module_path(module_of(short, IN_MEMORY_PACKAGE)).as_posix()
    entry = batch.manifest.files.get(path)
    if entry is None or owner in entry.owners or short == f"InMemory{port_class}":
        return short
    return f"InMemory{port_class}"


def _add_in_memory_twin(
    request: AdapterRequest,
    batch: Batch,
    addition: Addition,
    module: str,
    context: dict[str, object],
) -> None:
    """The scripted fake of the port, unless another addition of this batch
    plans it or a hand-written file is already there."""
    index = batch.index
    directory = index.module_path(IN_MEMORY_PACKAGE).with_suffix("")
    path = index.module_path(module)
    owner = batch.planned_paths.get(path)
    if owner is not None and owner != addition.owner:
        return
    if index.exists(path) and not batch.is_generated(path):
        addition.notes.append(
            f"{path.as_posix()} is hand-written: left as it is "
            "(no in-memory twin written)"
        )
        return
    ensure_package(batch, addition, directory)
    batch.claim(path, addition.owner, request.where("class_name"))
    addition.add(path, render_template("in_memory_http_port.py", **context))


def _method_doc(method: Method) -> str:
    """The default summary, and what a caller's idempotency key promises."""
    summary = default_method_doc(method)
    if all(p.name != IDEMPOTENCY_KEY for p in method.parameters):
        return summary
    return f"{summary}\n\n{_KEY_PROMISE}"


_KEY_PROMISE = (
    "``idempotency_key`` is chosen by the caller (one per order, say) and sent "
    "as the Idempotency-Key header, not in the body: a call repeated with the "
    "same key (a retry after a timeout) is performed once, never twice."
)


def _port_docstring(request: AdapterRequest, port_class: str) -> str:
    # The port's own role, named after the port: the service the client calls
    # (and the request's description) are the client's.
    words = snake_case(without_interface_prefix(port_class)).replace("_", " ")
    purpose = f"The {words} the application calls."
    keyed = any(
        p.name == IDEMPOTENCY_KEY for m in request.methods for p in m.parameters
    )
    key_note = (
        "A method taking an ``idempotency_key`` sends it as the Idempotency-Key "
        "header: calling it again with the same key never performs the write "
        "twice.\n\n"
        if keyed
        else ""
    )
    return (
        f"{purpose}\n\n{key_note}"
        "Each method returns plain data (a dict, a list, or None), never a "
        "client library's objects. Implementations calling a remote service "
        "raise ExternalServiceError (app.infrastructure.exceptions) when it "
        "cannot be reached or gives an unusable answer, or one of its "
        "subclasses: ExternalServiceNotConfiguredError when it is not "
        "configured, ExternalServiceRejectedError when it refuses the request, "
        "ExternalServiceTimeoutError when it does not answer in time."
    )


def _module_doc(request: AdapterRequest, port_class: str, service: str) -> str:
    summary = f"{port_class} over {service}'s JSON API."
    if request.description:
        return f"{summary}\n\n{request.description}"
    return summary


def _config_doc(names: HttpClientNames) -> str:
    environment = ", ".join(setting.env_name for setting in names.settings)
    return (
        f"How {names.class_name} reaches {names.service}; "
        f"AdapterSettings.{names.config_method}() builds it from {environment}."
    )


def _class_doc(
    port_class: str, names: HttpClientNames, endpoints: list[Endpoint]
) -> str:
    bearer = names.bearer
    auth = f" {bearer.env_name} is sent as the bearer token." if bearer else ""
    keyed = [e.method.name for e in endpoints if e.has_idempotency_key]
    unkeyed = any(not (e.is_get or e.has_idempotency_key) for e in endpoints)
    key = ""
    if keyed:
        key = (
            f" The Idempotency-Key of {_and_names(keyed)} is the caller's "
            f"{IDEMPOTENCY_KEY} (the same key, the same write)"
            + ("; other POSTs get one per call." if unkeyed else ".")
        )
    return (
        f"{port_class} over {names.service}'s JSON API.{auth}\n\n"
        "Retries (connection errors, 429 and 5xx, with backoff), the timeout "
        "of each attempt and an Idempotency-Key repeated on every retry of a "
        f"POST come from JsonApiClient and the Config.{key} Every method raises "
        "ExternalServiceError or a subclass: ExternalServiceNotConfiguredError "
        f"while {names.base_url.env_name} is not set, "
        "ExternalServiceRejectedError on a 4xx answer (not retried), "
        "ExternalServiceTimeoutError when the last attempt timed out."
    )


def _and_names(names: list[str]) -> str:
    """`a()`, `a() and b()`, `a(), b() and c()`."""
    called = [f"{name}()" for name in names]
    if len(called) == 1:
        return called[0]
    return f"{', '.join(called[:-1])} and {called[-1]}"


def _in_memory_doc(port_class: str) -> str:
    return (
        f"{port_class} scripted by the test, for use-case unit tests: queue "
        "what each method returns with answer() (an exception queued is "
        "raised instead), and read what the use case sent in calls."
    )
