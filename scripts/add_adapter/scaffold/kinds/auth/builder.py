"""Identity providers and access revokers for API clients: adapters that read
the bearer token of the request (`Authorization: Bearer <token>`, through the
hand-written BearerTokenTransport) and check it against the auth_sessions rows
the cookie sessions use, with their tests on both databases.

Their ports exist (the reference ones by default) and are usually bound to
the cookie adapters already: binding one to a new adapter takes `--replace`,
which sets the current spec entry aside (recorded in the manifest, put back
by `remove`); the current adapter's code stays.
"""

from dataclasses import dataclass
from pathlib import Path

from add_adapter.naming import snake_case, split_dotted
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch, module_of
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.kinds.shared.ports import (
    PortMethod,
    PortShape,
    find_port,
)
from add_adapter.scaffold.packages import ensure_package
from add_adapter.scaffold.prose import format_docstring
from add_adapter.scaffold.render import render_template
from add_adapter.scaffold.request import AdapterRequest, check_port_path
from add_adapter.specification.model import Component
from add_adapter.specification.vocabulary import Kind, Layer, Scope

AUTH_ADAPTERS_PACKAGE = "app.infrastructure.auth.adapters"
AUTH_TESTS = Path("tests/integration/auth")
USER_ID_IMPORT = "from app.domain.value_objects.ids import UserId"


@dataclass(frozen=True)
class AuthShape:
    """What one auth kind generates, and the port it can implement."""

    kind: Kind
    noun: str
    default_port: str
    methods: tuple[tuple[str, str, str], ...]
    """(name, parameters after self, return type) of every method the port
    must declare, all async: what the template implements."""
    template: str
    summary: str

    def expected(self) -> str:
        return "; ".join(
            f"async def {name}(self{', ' if parameters else ''}{parameters}) -> "
            f"{returns}"
            for name, parameters, returns in self.methods
        )


IDENTITY_PROVIDER = AuthShape(
    kind=Kind.IDENTITY_PROVIDER,
    noun="an identity provider",
    default_port="app.application.ports.identity_provider.IdentityProvider",
    methods=(("current_user_id", "", "UserId"),),
    template="bearer_identity_provider",
    summary=(
        "Finds the user behind the request's bearer token and slides the "
        "session's expiry."
    ),
)
ACCESS_REVOKER = AuthShape(
    kind=Kind.ACCESS_REVOKER,
    noun="an access revoker",
    default_port="app.application.ports.access_revoker.AccessRevoker",
    methods=(
        ("revoke_current_session", "", "None"),
        ("revoke_all_sessions", "user_id: UserId", "None"),
    ),
    template="bearer_access_revoker",
    summary=(
        "Deletes session rows: the one of the request's bearer token, or all "
        "of a user's."
    ),
)


def build_identity_provider(request: AdapterRequest, batch: Batch) -> Addition:
    return _build(request, batch, IDENTITY_PROVIDER)


def build_access_revoker(request: AdapterRequest, batch: Batch) -> Addition:
    return _build(request, batch, ACCESS_REVOKER)


def _build(request: AdapterRequest, batch: Batch, shape: AuthShape) -> Addition:
    addition = Addition(request.class_name)
    where = _port_field(request)
    port = check_port_path(request.port or shape.default_port, where)
    port_module, port_class = split_dotted(port)
    if request.scope is not Scope.REQUEST:
        raise ScaffoldError(
            request.where("scope"),
            f"{shape.noun} reads the request's Authorization header: its scope "
            "is request",
        )
    _check_methods(request, shape)
    found = find_port(batch, port)
    if found is None:
        raise ScaffoldError(
            where,
            f"port {port} does not exist; {shape.noun} implements an existing "
            f"port shaped like {shape.default_port}",
        )
    _check_port(found, shape, where)
    addition.replaces.extend(_bound_elsewhere(request, batch, port, where))
    module = module_of(request.class_name, AUTH_ADAPTERS_PACKAGE)
    index = batch.index
    code_path = index.module_path(module)
    test_path = AUTH_TESTS / f"test_{snake_case(request.class_name)}.py"
    context = {
        "class_name": request.class_name,
        "module": module,
        "port_module": port_module,
        "port_class": port_class,
        "class_doc": format_docstring(_class_doc(shape, port_class), 4),
        "test_doc": format_docstring(_test_doc(shape, request.class_name), 0),
    }
    ensure_package(batch, addition, code_path.parent)
    batch.claim(code_path, addition.owner, request.where("class_name"))
    addition.add(code_path, render_template(f"auth/{shape.template}.py", **context))
    ensure_package(batch, addition, AUTH_TESTS)
    batch.claim(test_path, addition.owner, request.where("class_name"))
    addition.add(
        test_path, render_template(f"auth/{shape.template}_test.py", **context)
    )
    addition.bind(
        request,
        port,
        (module, code_path, test_path),
        kind=shape.kind,
        layer=Layer.INFRASTRUCTURE_AUTH,
        summary=shape.summary,
        scope=Scope.REQUEST,
    )
    for replaced in addition.replaces:
        addition.notes.append(
            f"{request.class_name} now binds {port_class} in place of "
            f"{replaced.class_name}, whose code stays in {replaced.module}; "
            f"`scripts/add-adapter remove {request.class_name}` binds it again"
        )
    return addition


def _port_field(request: AdapterRequest) -> str:
    """How the user named the port: `--port` on the command line,
    `implements` in a JSON item."""
    return request.where("implements") if request.origin else "--port"


def _check_methods(request: AdapterRequest, shape: AuthShape) -> None:
    """A JSON item may list the port's methods; any other is an error."""
    names = [name for name, _, _ in shape.methods]
    for position, method in enumerate(request.methods):
        if method.name not in names:
            raise ScaffoldError(
                request.where(f"methods[{position}].method_name"),
                f"{shape.noun} implements {', '.join(names)} only; "
                f"'{method.name}' is not one of them",
            )


def _check_port(port: PortShape, shape: AuthShape, where: str) -> None:
    """The port must declare exactly the methods the template implements."""
    problems = []
    expected = {
        name: (parameters, returns) for name, parameters, returns in shape.methods
    }
    for name in expected:
        if port.method(name) is None:
            problems.append(f"'{name}' is missing")
    for found in port.methods:
        name = found.method.name
        if name not in expected:
            problems.append(f"it also declares '{name}'")
            continue
        parameters, returns = expected[name]
        if (
            not found.is_async
            or found.is_property
            or found.parameters_source != parameters
            or found.method.return_type != returns
        ):
            problems.append(f"it declares {_signature(found)}")
    user_id = port.imports.get("UserId")
    if "UserId" in {n for m in port.methods for n in m.names} and user_id not in (
        None,
        USER_ID_IMPORT,
    ):
        problems.append("its UserId is not app.domain.value_objects.ids.UserId")
    if problems:
        raise ScaffoldError(
            where,
            f"{port.path} does not look like {shape.default_port} "
            f"({', '.join(problems)}); {shape.noun} implements a port declaring "
            f"exactly: {shape.expected()}",
        )


def _signature(method: PortMethod) -> str:
    """`async def name(self, ...) -> T` as the port declares it."""
    prefix = "@property " if method.is_property else ""
    prefix += "async def" if method.is_async else "def"
    parameters = f", {method.parameters_source}" if method.parameters_source else ""
    return (
        f"{prefix} {method.method.name}(self{parameters}) -> "
        f"{method.method.return_type}"
    )


def _bound_elsewhere(
    request: AdapterRequest, batch: Batch, port: str, where: str
) -> list[Component]:
    """The spec entries binding `port` to another adapter: the ones this
    addition replaces, which takes `--replace`."""
    holders = [
        c
        for c in batch.spec.components
        if port in c.implements and c.class_name != request.class_name
    ]
    if not holders:
        return []
    holder = holders[0]
    if not request.replace:
        option = '"replace": true' if request.origin else "--replace"
        raise ScaffoldError(
            where,
            f"{port} is already bound to {holder.class_name} ({holder.module}); "
            f"add {option} to bind it to {request.class_name} instead "
            f"({holder.class_name}'s spec entry is set aside, its code stays, and "
            f"`scripts/add-adapter remove {request.class_name}` binds it again)",
        )
    for other in holders:
        also = [p for p in other.implements if p != port]
        if also:
            raise ScaffoldError(
                where,
                f"cannot replace {other.class_name}: it also binds "
                f"{', '.join(also)}, which would be left unbound",
            )
    return holders


def _class_doc(shape: AuthShape, port_class: str) -> str:
    if shape.kind is Kind.IDENTITY_PROVIDER:
        return (
            f"{port_class} for API clients: the user behind the request's "
            "bearer token.\n\n"
            "The token is the one log-in issues, sent in the Authorization "
            "header; it is checked against the "
            "auth_sessions rows the session cookie uses (only its SHA-256 is "
            "stored). A session used after AuthSessionConfig.refresh_after is "
            "extended to a full lifetime, in a short transaction of its own so "
            "the new expiry is stored even when the use case never commits; no "
            "cookie is written back. Raises AuthenticationError without a valid, "
            "unexpired token and ReaderError when the database fails."
        )
    return (
        f"{port_class} for API clients: deletes the session of the request's "
        "bearer token, or every session of a user.\n\n"
        "Deletions take effect at TransactionManager.commit. Raises "
        "AuthenticationError when the Authorization header is malformed and "
        "DataMapperError when the database fails."
    )


def _test_doc(shape: AuthShape, class_name: str) -> str:
    if shape.kind is Kind.IDENTITY_PROVIDER:
        return (
            f"{class_name} on SQLite and PostgreSQL: who a bearer token belongs "
            "to, what is refused, and the sliding expiry stored in the database."
            "\n\nThe requests are Starlette requests built from ASGI scopes; the "
            "sessions are auth_sessions rows stored as log-in stores them."
        )
    return (
        f"{class_name} on SQLite and PostgreSQL: which auth_sessions rows each "
        "revocation deletes, and which it keeps.\n\nThe requests are Starlette "
        "requests built from ASGI scopes; the sessions are auth_sessions rows "
        "stored as log-in stores them."
    )
