"""HTTP clients: an adapter calling another service's JSON API through
JsonApiClient (which owns timeouts, retries and idempotency keys), with its
Config dataclass, its port when the port is new, a scripted in-memory twin
for use-case tests, and integration tests against the loopback stub server.

The environment variables are named by add_adapter.sync.http_settings; `sync`
turns the spec entry into AdapterSettings fields and a Config provider.
"""

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from add_adapter.naming import snake_case, split_dotted
from add_adapter.scaffold.addition import Addition, twin_entry
from add_adapter.scaffold.batch import Batch, module_of, without_interface_prefix
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.kinds.http_client.endpoint import (
    IDEMPOTENCY_KEY,
    KEY_SAMPLE,
    QUERY_TYPES,
    Endpoint,
    Returns,
)
from add_adapter.scaffold.kinds.http_client.prose import (
    class_doc,
    config_doc,
    in_memory_doc,
    method_doc,
    module_doc,
    port_docstring,
)
from add_adapter.scaffold.kinds.shared.ports import (
    PortMethod,
    add_port_if_new,
    strict_method,
)
from add_adapter.scaffold.packages import ensure_package
from add_adapter.scaffold.prose import format_docstring
from add_adapter.scaffold.render import render_template
from add_adapter.scaffold.request import (
    AdapterRequest,
    check_port_path,
    split_outside_brackets,
)
from add_adapter.scaffold.shadowing import shadowed, signature, uses_builtins
from add_adapter.scaffold.twins import double_module, ensure_doubles_package
from add_adapter.specification.vocabulary import Kind
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
_SCALAR_SAMPLES = {"int": "7", "str": '"alpha"', "float": "1.5", "bool": "True"}
_LIST = re.compile(r"^list\[(?P<item>.+)\]$")
_DICT = re.compile(r"^dict\[\s*str\s*,\s*(?P<value>.+)\]$")


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
        port_docstring(request, port_class),
        method_doc=method_doc,
    )
    hidden = shadowed([method.method.name for method in implemented])
    endpoints = [
        replace(_endpoint(request, method), signature=signature(method.method, hidden))
        for method in implemented
    ]
    in_memory_class = _in_memory_class(port_class, batch, addition.owner)
    in_memory_module = double_module(in_memory_class)
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
            module_doc(request, port_class, names.service), 0
        ),
        "config_doc": format_docstring(config_doc(names), 4),
        "class_doc": format_docstring(class_doc(port_class, names, endpoints), 4),
        "keyed": any(endpoint.has_idempotency_key for endpoint in endpoints),
        "in_memory_doc": format_docstring(in_memory_doc(port_class), 0),
    }
    index = batch.index
    code_path = index.module_path(module)
    batch.claim(code_path, addition.owner, request.where("class_name"))
    addition.add(code_path, render_template("http_client/http_client.py", **context))
    _add_in_memory_twin(request, batch, addition, in_memory_module, context)
    for directory in (HTTP_TESTS.parent, HTTP_TESTS):
        ensure_package(batch, addition, directory)
    test_path = HTTP_TESTS / f"test_{snake_case(request.class_name)}.py"
    batch.claim(test_path, addition.owner, request.where("class_name"))
    addition.add(
        test_path, render_template("http_client/http_client_test.py", **context)
    )
    twin_path = index.module_path(in_memory_module)
    if addition.writes(twin_path):
        addition.twin = twin_entry(
            in_memory_class, in_memory_module, twin_path, port, request.class_name
        )
    addition.bind(
        request,
        port,
        (module, code_path, test_path),
        kind=Kind.HTTP_CLIENT,
        summary=f"Calls {names.service}'s HTTP API for {port_class}.",
        config=tuple(request.config),
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
            samples.append(KEY_SAMPLE)
            continue
        if is_get and annotation not in QUERY_TYPES:
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
    path = batch.index.module_path(double_module(short)).as_posix()
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
    ensure_doubles_package(batch, addition)
    batch.claim(path, addition.owner, request.where("class_name"))
    addition.add(path, render_template("http_client/in_memory_http_port.py", **context))
