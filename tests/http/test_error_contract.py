"""The error contract, checked in the code (issue 4).

(a) Every infrastructure error class, including those the scaffolder adds
    later, is covered by a shared rule in rules.py.
(b) Every route maps each error its use case can raise, to the status the
    shared rules give it. What a route can raise is found by reading the code
    from the controller down (tests/support/error_contract.py explains how).

Raised but deliberately not mapped by routes (see ``_why_not_mapped``):

- subclasses of what an app-wide handler answers (handlers.py):
  RequestValidationError, HTTPException, DomainValidationError (422): they
  are answered the same on every route, so no route lists them;
- built-in exceptions (ValueError, RuntimeError, ...): raised by our code they
  mean a bug, which must stay a logged 500 (unexpected.py), never a mapped
  status that would hide it;
- the few library exceptions our code raises into that library's own
  protocol, listed in RAISED_INTO_THEIR_LIBRARY with where they are caught;
- module-private classes (``_RetryableAnswerError``) the raising module
  itself catches: they never leave it.

Anything else our code raises must be mapped; ``raise <value>`` sites must be
listed in ACCOUNTED_DYNAMIC_RAISES.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
import pytest
from dishka import Provider, Scope, make_async_container, provide
from dishka.integrations.fastapi import FromDishka
from fastapi import FastAPI
from fastapi_error_map import ErrorAwareRouter
from httpx import ASGITransport, AsyncClient
from sqlalchemy.exc import DisconnectionError

from app.domain.exceptions import ConflictError
from app.infrastructure.exceptions import (
    DataMapperError,
    ExternalServiceError,
    ExternalServiceNotConfiguredError,
    ExternalServiceRejectedError,
    ExternalServiceTimeoutError,
    InfrastructureError,
    PasswordHasherBusyError,
    ReaderError,
)
from app.infrastructure.http.json_api import JsonApiClient, JsonApiConfig, expect_object
from app.presentation.http.errors import rules
from app.presentation.http.errors.handlers import install_error_handlers
from app.presentation.http.errors.rules import (
    BACKING_SERVICES,
    EXTERNAL_SERVICE,
    STORAGE,
    error_map,
)
from app.presentation.http.request_id import RequestIdMiddleware
from app.presentation.http.route import Route
from setup.app_factory import create_app
from tests.http.conftest import assert_problem
from tests.support.databases import sqlite_url
from tests.support.error_contract import (
    DynamicRaise,
    RaiseSite,
    RouteErrors,
    app_routes,
    caught_in_module,
    exception_classes_defined_in,
    groups_covering,
    import_every_module,
    original_endpoint,
    resolve_status,
    route_errors,
    route_label,
    shared_groups,
    shared_rules,
)
from tests.support.settings import settings_for

# Library exceptions our code raises on purpose, and who catches them.
RAISED_INTO_THEIR_LIBRARY: dict[type[BaseException], str] = {
    DisconnectionError: (
        "raised by the SQLite engine's pool 'checkout' listener (database.py) "
        "when the database file moved; SQLAlchemy's pool catches it, drops the "
        "connection and reconnects"
    ),
}


@dataclass(frozen=True)
class AccountedRaise:
    """A ``raise <value>`` site, what it can raise, and who must map that."""

    raises: type[BaseException]
    reason: str
    # Routes that must map ``raises``; the others reaching the site cannot
    # trigger it (the reason says why).
    mapped_by: frozenset[str]


ACCOUNTED_DYNAMIC_RAISES: dict[tuple[str, str], AccountedRaise] = {
    (
        "app.infrastructure.persistence.failed_writes.abandon_unit_of_work",
        "conflict",
    ): AccountedRaise(
        raises=ConflictError,
        reason=(
            "commit/flush (and a data mapper writing when called) turn a "
            "unique-constraint violation into its "
            "ConflictError (constraint_errors.CONFLICT_BY_CONSTRAINT: users.email "
            "and the other unique columns listed there; ValueTakenError for any "
            "other unique constraint, a scaffolded resource's); only a unit of "
            "work that writes a unique column can violate it. Every route "
            "commits; these write them."
        ),
        mapped_by=frozenset(
            {
                "POST /api/v1/auth/sign-up",
                "POST /api/v1/products",  # demo: catalog
                "PATCH /api/v1/products/{product_id}",  # demo: catalog
            }
        ),
    ),
}


@pytest.fixture(scope="module")
def contract_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """The app as built (never started: the checks read it, send nothing)."""
    path = tmp_path_factory.mktemp("contract") / "unused.db"
    return create_app(settings_for(sqlite_url(path)))


def _app_wide(app: FastAPI) -> tuple[type[BaseException], ...]:
    return tuple(
        handled
        for handled in app.exception_handlers
        if isinstance(handled, type) and handled is not Exception
    )


def _why_not_mapped(error: type[BaseException], app: FastAPI) -> str | None:
    """Why a raised error needs no route mapping, or None when it needs one."""
    for handled in _app_wide(app):
        if issubclass(error, handled):
            return f"answered app-wide as {handled.__name__}"
    if error.__module__ == "builtins":
        return "a bug: stays a logged 500"
    if error in RAISED_INTO_THEIR_LIBRARY:
        return RAISED_INTO_THEIR_LIBRARY[error]
    if error.__name__.startswith("_") and error in caught_in_module(error.__module__):
        return "module-private and caught in its module"
    return None


def contract_failures(found: RouteErrors, app: FastAPI) -> list[str]:
    """One line per raise site the route does not answer as the shared rules do.

    Each line starts with the route, then the error's name.
    """
    failures = []
    shared = shared_rules()
    for site in found.sites:
        if _why_not_mapped(site.error, app) is not None:
            continue
        mapped = resolve_status(site.error, found.declared)
        expected = resolve_status(site.error, shared)
        name = site.error.__name__
        if mapped is None:
            groups = ", ".join(groups_covering(site.error)) or "none: add one"
            failures.append(
                f"{found.label}: {name} is raised at {site.where} "
                f"(via {site.via}) and the route's error_map does not map it "
                f"or a base class (shared groups covering it: {groups})"
            )
        elif expected is not None and mapped != expected:
            # Covered through a broader rule (a catch-all): the answer would
            # not be the one the shared rules give this error.
            failures.append(
                f"{found.label}: {name} (raised at {site.where}) would answer "
                f"{mapped[1]} by the rule for {mapped[0].__name__}, but the shared "
                f"rules answer it {expected[1]} by the rule for "
                f"{expected[0].__name__}: add the group that has it "
                f"({', '.join(groups_covering(expected[0]))})"
            )
    return failures


def _flagged(failures: list[str]) -> set[str]:
    return {line.split(": ", 1)[1].split(" ", 1)[0] for line in failures}


def _route_errors(app: FastAPI) -> list[RouteErrors]:
    container = app.state.dishka_container
    found = []
    for path, route in app_routes(app):
        assert isinstance(route, Route), (
            f"{route_label(path, route)} is not a Route, so its error map is not "
            "checked: give its router route_class=Route"
        )
        found.append(
            route_errors(
                route_label(path, route),
                original_endpoint(route),
                route.declared_errors,
                container,
            )
        )
    return found


# --- (a) every infrastructure error has a shared rule ---------------------


def test_every_infrastructure_error_class_is_covered_by_a_shared_rule() -> None:
    classes = exception_classes_defined_in(import_every_module("app.infrastructure"))
    shared = shared_rules()
    failures = []
    checked = set()
    for error in classes:
        where = f"{error.__module__}.{error.__qualname__}"
        if error.__name__.startswith("_") and error in caught_in_module(
            error.__module__
        ):
            continue  # Never leaves its module (json_api's _RetryableAnswerError).
        if not issubclass(error, InfrastructureError):
            failures.append(
                f"{where} is an exception of the infrastructure layer but not an "
                "InfrastructureError: derive it from the family so the shared "
                "rules answer it"
            )
            continue
        resolved = resolve_status(error, shared)
        if resolved is None:
            failures.append(f"{where}: no group in rules.py maps it or a base class")
        elif resolved[1] < 500:
            failures.append(
                f"{where} maps to {resolved[1]}: a failing backing service is not "
                "the client's fault"
            )
        checked.add(error)

    assert not failures, "\n".join(failures)
    # The walk found the classes of exceptions.py, and json_api's private one.
    assert {DataMapperError, ExternalServiceTimeoutError} <= checked
    assert any(error.__name__ == "_RetryableAnswerError" for error in classes)


def test_shared_groups_never_disagree_about_a_class() -> None:
    statuses: dict[type[Exception], dict[str, int]] = {}
    for name, group in shared_groups().items():
        for error, rule in group.items():
            statuses.setdefault(error, {})[name] = rule.status

    disagreements = {
        error.__name__: by_group
        for error, by_group in statuses.items()
        if len(set(by_group.values())) > 1
    }
    assert not disagreements
    assert {"STORAGE", "EXTERNAL_SERVICE", "BACKING_SERVICES"} <= set(shared_groups())


class _NewBackendError(InfrastructureError):
    """Stands for the next error a scaffolded adapter brings (a queue, say)."""

    code = "new_backend_unavailable"
    default_message = "The new backend failed."


@pytest.mark.parametrize(
    ("error", "status", "retry_after"),
    [
        (DataMapperError, 503, rules.STORAGE_RETRY_AFTER),
        (ReaderError, 503, rules.STORAGE_RETRY_AFTER),
        (PasswordHasherBusyError, 503, rules.HASHER_RETRY_AFTER),
        (ExternalServiceError, 503, rules.EXTERNAL_SERVICE_RETRY_AFTER),
        (ExternalServiceTimeoutError, 504, None),
        (ExternalServiceRejectedError, 502, None),
        (ExternalServiceNotConfiguredError, 503, None),
        (_NewBackendError, 503, rules.BACKING_SERVICE_RETRY_AFTER),
        (InfrastructureError, 503, rules.BACKING_SERVICE_RETRY_AFTER),
    ],
)
def test_the_shared_rule_of_each_infrastructure_error(
    error: type[Exception], status: int, retry_after: int | None
) -> None:
    resolved = resolve_status(error, shared_rules())
    assert resolved is not None
    mapped_class, mapped_status = resolved
    assert mapped_status == status
    headers = shared_rules()[mapped_class].headers  # type: ignore[index]
    assert isinstance(headers, dict)
    assert headers.get("Retry-After") == (
        None if retry_after is None else str(retry_after)
    )


# The answers, through fastapi-error-map itself: the most specific rule wins.
_probe_router = ErrorAwareRouter(route_class=Route)
_RAISED: dict[str, Callable[[], Exception]] = {
    "unavailable": lambda: ExternalServiceError("quotes: HTTP 500 from 10.0.0.7"),
    "timeout": lambda: ExternalServiceTimeoutError("quotes did not answer"),
    "rejected": lambda: ExternalServiceRejectedError(
        "quotes rejected POST /v1/lookups with HTTP 402 account 4242", status=402
    ),
    "not_configured": lambda: ExternalServiceNotConfiguredError("QUOTES_URL"),
    "new_backend": lambda: _NewBackendError("queue at 10.0.0.9:5672 refused"),
    "storage": lambda: DataMapperError("postgres at 10.0.0.8 is down"),
}


@_probe_router.get(
    "/probe/{kind}", error_map=error_map(STORAGE, EXTERNAL_SERVICE, BACKING_SERVICES)
)
async def _probe(kind: str) -> None:
    raise _RAISED[kind]()


@pytest.fixture
async def probe_client() -> Any:
    app = FastAPI()
    app.include_router(_probe_router)
    install_error_handlers(app)
    app.add_middleware(RequestIdMiddleware)
    transport = ASGITransport(app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.mark.parametrize(
    ("kind", "status", "code", "retry_after"),
    [
        ("unavailable", 503, "external_service_unavailable", "5"),
        ("timeout", 504, "external_service_timeout", None),
        ("rejected", 502, "external_service_rejected", None),
        ("not_configured", 503, "external_service_not_configured", None),
        ("new_backend", 503, "new_backend_unavailable", "5"),
        ("storage", 503, "storage_unavailable", "5"),
    ],
)
async def test_infrastructure_errors_answer_their_status_without_internals(
    probe_client: AsyncClient,
    kind: str,
    status: int,
    code: str,
    retry_after: str | None,
) -> None:
    response = await probe_client.get(f"/probe/{kind}")

    body = assert_problem(response, status, code)
    assert response.headers.get("retry-after") == retry_after
    # The request id is random hex: it may contain "402" by chance.
    del body["request_id"]
    shown = json.dumps(body)
    for internal in ("10.0.0", "4242", "402", "QUOTES_URL", "/v1/lookups"):
        assert internal not in shown


# --- (b) every route maps what its use case can raise ---------------------


def test_every_route_maps_every_error_its_use_case_can_raise(
    contract_app: FastAPI,
) -> None:
    found = _route_errors(contract_app)
    failures = [
        line for route in found for line in contract_failures(route, contract_app)
    ]

    assert not failures, "\n".join(failures)
    # The check saw every operation the app documents.
    assert {route.label for route in found} == {
        f"{method.upper()} {path}"
        for path, item in contract_app.openapi()["paths"].items()
        for method in item
    }
    # The check saw what it is meant to see: a hasher, a reader, a commit.
    sign_up = next(route for route in found if route.label.endswith("/sign-up"))
    assert {PasswordHasherBusyError, DataMapperError} <= {
        site.error for site in sign_up.sites
    }


def test_every_raise_of_a_value_is_accounted_for(contract_app: FastAPI) -> None:
    by_site: dict[tuple[str, str], list[tuple[RouteErrors, DynamicRaise]]] = {}
    for route in _route_errors(contract_app):
        for dynamic in route.dynamic:
            by_site.setdefault(dynamic.key, []).append((route, dynamic))

    unaccounted = [
        f"{routes[0][0].label}: `raise {key[1]}` at {routes[0][1].file}:"
        f"{routes[0][1].line} (via {routes[0][1].via}) raises a value whose "
        "class cannot be read; raise the class, or account for it in "
        "ACCOUNTED_DYNAMIC_RAISES"
        for key, routes in by_site.items()
        if key not in ACCOUNTED_DYNAMIC_RAISES
    ]
    assert not unaccounted, "\n".join(unaccounted)
    assert set(ACCOUNTED_DYNAMIC_RAISES) <= set(by_site), "stale entries"
    for key, accounted in ACCOUNTED_DYNAMIC_RAISES.items():
        reached = by_site[key]
        for _, dynamic in reached:
            assert all(issubclass(cls, accounted.raises) for cls in dynamic.inferred)
        labels = {route.label for route, _ in reached}
        assert accounted.mapped_by <= labels, "listed routes no longer reach it"
        for route, _ in reached:
            if route.label in accounted.mapped_by:
                expected = resolve_status(accounted.raises, shared_rules())
                assert resolve_status(accounted.raises, route.declared) == expected, (
                    f"{route.label} must map {accounted.raises.__name__}: "
                    f"{accounted.reason}"
                )


# --- The check itself: it sees through ports, helpers and adapters --------


def test_the_check_names_route_error_and_raise_site_when_a_map_misses(
    contract_app: FastAPI,
) -> None:
    found = _route_errors(contract_app)
    route = next(r for r in found if r.label == "GET /api/v1/users")
    without_storage = RouteErrors(route.label, {}, route.sites, route.dynamic)

    failures = contract_failures(without_storage, contract_app)

    assert failures
    assert any(
        "GET /api/v1/users: ReaderError is raised at "
        "src/app/infrastructure/adapters/sqla_user_reader.py:"
        in line
        and "list_users -> ListUsers.execute -> SqlaUserReader.list_users" in line
        and "STORAGE" in line
        for line in failures
    ), failures


# region demo: catalog
def test_the_check_sees_through_the_product_caches_decorator(
    contract_app: FastAPI,
) -> None:
    found = _route_errors(contract_app)
    route = next(r for r in found if r.label == "GET /api/v1/products")
    without_storage = RouteErrors(route.label, {}, route.sites, route.dynamic)

    failures = contract_failures(without_storage, contract_app)

    assert failures
    assert any(
        "GET /api/v1/products: ReaderError is raised at "
        "src/app/infrastructure/adapters/sqla_product_reader.py:"
        in line
        and "list_products -> ListProducts.execute -> "
        "CachingProductReader.list_products"
        " -> SqlaProductReader.list_products"
        in line
        and "STORAGE" in line
        for line in failures
    ), failures


# endregion
class Quotes(Protocol):
    async def quote(self, symbol: str) -> dict[str, object]: ...


@dataclass(frozen=True)
class QuotesConfig:
    api: JsonApiConfig


class HttpQuotes(Quotes):
    """Shaped like a scaffolded http-client adapter."""

    def __init__(self, http: httpx.AsyncClient, config: QuotesConfig) -> None:
        self._api = JsonApiClient(http, config.api)

    async def quote(self, symbol: str) -> dict[str, object]:
        return expect_object(await self._api.get(f"/quotes/{symbol}"))


class GetQuote:
    def __init__(self, quotes: Quotes) -> None:
        self._quotes = quotes

    async def execute(self, symbol: str) -> dict[str, object]:
        return await self._quotes.quote(symbol)


async def get_quote(symbol: str, get_quote: FromDishka[GetQuote]) -> object:
    return await get_quote.execute(symbol)


class _QuotesProvider(Provider):
    scope = Scope.APP

    @provide
    def http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient()

    @provide
    def config(self) -> QuotesConfig:
        return QuotesConfig(
            api=JsonApiConfig(service="quotes", base_url=None, base_url_setting="Q")
        )

    quotes = provide(HttpQuotes, provides=Quotes)
    use_case = provide(GetQuote)


_EXTERNAL = {
    "ExternalServiceError",
    "ExternalServiceTimeoutError",
    "ExternalServiceRejectedError",
    "ExternalServiceNotConfiguredError",
}


@pytest.mark.parametrize(
    ("declared", "missing"),
    [
        (error_map(STORAGE), _EXTERNAL),
        # The catch-all covers them, but not by their own rules: it would
        # answer 503 + Retry-After where those answer 504, 502, or no
        # Retry-After. Only the group made for them will do.
        (error_map(BACKING_SERVICES), _EXTERNAL),
        (error_map(EXTERNAL_SERVICE), set()),
        (error_map(EXTERNAL_SERVICE, BACKING_SERVICES), set()),
    ],
)
async def test_the_check_follows_a_port_to_its_http_adapter_and_json_api(
    contract_app: FastAPI, declared: dict[type[Exception], Any], missing: set[str]
) -> None:
    container = make_async_container(_QuotesProvider())
    statuses = {error: rule.status for error, rule in declared.items()}
    try:
        found = route_errors(
            "GET /quotes", get_quote, statuses, container, ("app", "setup", "tests")
        )
    finally:
        await container.close()

    raised = {site.error for site in found.sites}
    assert {
        ExternalServiceError,
        ExternalServiceTimeoutError,
        ExternalServiceRejectedError,
        ExternalServiceNotConfiguredError,
    } <= raised
    assert all(
        site.file.endswith("json_api.py")
        for site in found.sites
        if isinstance(site, RaiseSite) and issubclass(site.error, InfrastructureError)
    )
    assert _flagged(contract_failures(found, contract_app)) == missing
