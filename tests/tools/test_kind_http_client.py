"""The http-client builder: which files it plans, what those say, the spec
entries, and bad input refused with the field it came from.

Builder level: called directly (no CLI, no staging) on a copy of a service
made from the base. The end-to-end runs (the command line on a copy of the
repository, its gates and tests) are in tests/scaffolding."""

from pathlib import Path

import pytest

from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.kinds.http_client.builder import (
    RETURNS_PLAIN_DATA,
    build_http_client,
)
from add_adapter.scaffold.request import AdapterKind, AdapterRequest
from add_adapter.specification.vocabulary import Kind, Layer, Scope

from .kind_support import (
    CHECKOUT_PORT,
    assert_compiles,
    expected_paths,
    signature,
    stripe_request,
    texts,
)
from .scaffold_support import new_batch, write_addition


def test_the_seed_stripe_client_plans_port_client_twin_and_tests(repo: Path) -> None:
    earlier = billing_gateway_request(
        class_name="HttpCheckoutGateway",
        port="app.application.ports.checkout_gateway.CheckoutGateway",
    )
    write_addition(repo, build_http_client(earlier, new_batch(repo)))

    addition = build_http_client(stripe_request(), new_batch(repo))

    files = texts(addition)
    assert sorted(files) == expected_paths(
        repo,
        [
            "src/app/application/interfaces/__init__.py",
            "src/app/application/interfaces/checkout.py",
            "src/app/infrastructure/http/stripe_client.py",
            "tests/support/doubles/__init__.py",
            # InMemoryCheckoutGateway is the twin of HttpCheckoutGateway's
            # CheckoutGateway port: this port's twin keeps the I of its name.
            "tests/support/doubles/in_memory_i_checkout_gateway.py",
            "tests/integration/http/__init__.py",
            "tests/integration/http/test_stripe_client.py",
        ],
    )
    assert_compiles(addition)
    port = files["src/app/application/interfaces/checkout.py"]
    assert "class ICheckoutGateway(Protocol):" in port
    assert (
        "    async def create_checkout(self, amount_cents: int, currency: str, "
        "metadata: dict[str, object]) -> dict[str, object]:\n"
        '        """Create checkout."""\n        ...\n'
    ) in port
    assert "ExternalServiceTimeoutError" in port
    client = files["src/app/infrastructure/http/stripe_client.py"]
    assert "@dataclass(frozen=True, kw_only=True)\nclass StripeClientConfig:" in client
    assert "    api: JsonApiConfig\n" in client
    assert "    secret_key: str | None = field(default=None, repr=False)\n" in client
    assert "    default_currency: str | None = None\n" in client
    assert "class StripeClient(ICheckoutGateway):" in client
    assert (
        "def __init__(self, http: httpx.AsyncClient, config: StripeClientConfig)"
        in client
    )
    assert "replace(api, bearer_token=config.secret_key)" in client
    assert (
        'return expect_object(await self._api.post("/create-checkout", '
        '{"amount_cents": amount_cents, "currency": currency, "metadata": metadata}), '
        "service=self._service)"
    ) in client
    twin = files["tests/support/doubles/in_memory_i_checkout_gateway.py"]
    assert "class InMemoryICheckoutGateway(ICheckoutGateway):" in twin
    assert "self.calls: list[tuple[str, dict[str, object]]] = []" in twin
    assert "def answer(self, method_name: str, value: object) -> None:" in twin
    assert "raise LookupError(" in twin
    test = files["tests/integration/http/test_stripe_client.py"]
    assert 'base_url_setting="STRIPE_BASE_URL"' in test
    assert (
        "client.create_checkout(amount_cents=7, "
        'currency="alpha", metadata={"key": "value"})'
    ) in test
    assert '"Bearer test-secret-key"' in test
    for error in ("Timeout", "Rejected", "NotConfigured"):
        assert f"pytest.raises(ExternalService{error}Error)" in test


def test_the_stripe_client_spec_entry_and_paths(repo: Path) -> None:
    addition = build_http_client(stripe_request(), new_batch(repo))

    [component] = addition.components
    assert component.kind is Kind.HTTP_CLIENT
    assert component.layer is Layer.INFRASTRUCTURE_ADAPTER
    assert component.implements == (CHECKOUT_PORT,)
    assert component.scope is Scope.APP
    assert component.config == ("STRIPE_SECRET_KEY", "STRIPE_DEFAULT_CURRENCY")
    assert component.methods == ()
    assert component.module == "app.infrastructure.http.stripe_client"
    assert component.code_path == "src/app/infrastructure/http/stripe_client.py"
    assert component.test_path == "tests/integration/http/test_stripe_client.py"
    assert addition.code_path == Path(component.code_path)
    assert addition.test_path == Path(component.test_path)
    [note] = addition.notes
    assert "STRIPE_BASE_URL, STRIPE_TIMEOUT_SECONDS, STRIPE_MAX_ATTEMPTS" in note


def billing_gateway_request(**changes: object) -> AdapterRequest:
    """An HTTP adapter named technology + port, charging with a caller's key."""
    fields: dict[str, object] = {
        "kind": AdapterKind.HTTP_CLIENT,
        "class_name": "HttpBillingGateway",
        "origin": "",
        "scope": Scope.APP,
        "port": "app.application.ports.billing_gateway.BillingGateway",
        "config": ("BILLING_GATEWAY_API_KEY",),
        "methods": (
            signature(
                "charge(idempotency_key: str, amount_cents: int, currency: str, "
                "reference: str) -> dict[str, object]"
            ),
        ),
    }
    return AdapterRequest(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_technology_and_port_name_names_the_service_after_the_port(
    repo: Path,
) -> None:
    addition = build_http_client(billing_gateway_request(), new_batch(repo))

    files = texts(addition)
    client = files["src/app/infrastructure/http/http_billing_gateway.py"]
    # The service is named after the port: the summary does not say it twice.
    assert '"""BillingGateway over the remote service\'s JSON API.' in client
    assert "Billing Gateway's JSON API" not in client
    assert "How HttpBillingGateway reaches Billing Gateway;" in client
    assert "BILLING_GATEWAY_BASE_URL, BILLING_GATEWAY_TIMEOUT_SECONDS" in client
    test = files["tests/integration/http/test_http_billing_gateway.py"]
    assert 'service="Billing Gateway",' in test
    assert 'base_url_setting="BILLING_GATEWAY_BASE_URL"' in test
    assert "Http Billing" not in "".join(files.values())
    [component] = addition.components
    assert component.description == (
        "Calls Billing Gateway's HTTP API for BillingGateway."
    )


def test_an_idempotency_key_parameter_is_the_header_of_the_write(repo: Path) -> None:
    addition = build_http_client(billing_gateway_request(), new_batch(repo))

    files = texts(addition)
    client = files["src/app/infrastructure/http/http_billing_gateway.py"]
    assert (
        'await self._api.post("/charge", {"amount_cents": amount_cents, '
        '"currency": currency, "reference": reference}, '
        "idempotency_key=idempotency_key)"
    ) in client
    assert (
        "        # POST /charge, the other arguments as a JSON object; the caller's\n"
        "        # idempotency_key is the Idempotency-Key header of every attempt"
    ) in client
    assert "The Idempotency-Key of charge() is the caller's idempotency_key" in client
    assert "other POSTs" not in client
    port = files["src/app/application/ports/billing_gateway.py"]
    assert "``idempotency_key`` is chosen by the caller (one per order, say)" in port
    assert "calling it again with the same key never performs the write" in port
    test = files["tests/integration/http/test_http_billing_gateway.py"]
    assert 'client.charge(idempotency_key="key-alpha", amount_cents=7,' in test
    assert (
        'sent={"amount_cents": 7, "currency": "alpha", "reference": "alpha"},'
    ) in test
    assert 'idempotency_key="key-alpha",\n' in test
    assert "def test_the_callers_idempotency_key_is_the_header_of_every_attempt(" in (
        test
    )
    assert 'assert second.headers["idempotency-key"] == call.idempotency_key' in test
    assert 'assert "idempotency_key" not in first.json' in test
    twin = files["tests/support/doubles/in_memory_billing_gateway.py"]
    # The twin records every argument, the key too: a use case's test checks it.
    assert '{"idempotency_key": idempotency_key, "amount_cents": amount_cents' in twin
    assert_compiles(addition)


def test_without_an_idempotency_key_parameter_nothing_is_said_of_one(
    repo: Path,
) -> None:
    files = texts(build_http_client(stripe_request(), new_batch(repo)))

    client = files["src/app/infrastructure/http/stripe_client.py"]
    assert "idempotency_key=" not in client
    assert "the caller's" not in client
    test = files["tests/integration/http/test_stripe_client.py"]
    assert "idempotency_key" not in test
    assert "KEYED_CALLS" not in test
    port = files["src/app/application/interfaces/checkout.py"]
    assert "idempotency_key" not in port


def test_a_key_of_one_write_leaves_the_others_one_per_call(repo: Path) -> None:
    request = billing_gateway_request(
        methods=(
            signature("charge(idempotency_key: str, amount_cents: int) -> dict"),
            signature("capture(charge_id: str) -> dict"),
            signature("refund(idempotency_key: str, charge_id: str) -> None"),
        )
    )

    files = texts(build_http_client(request, new_batch(repo)))

    client = files["src/app/infrastructure/http/http_billing_gateway.py"]
    assert "The Idempotency-Key of charge() and refund() is the caller's" in client
    assert "other POSTs get one per call." in client
    assert 'await self._api.post("/capture", {"charge_id": charge_id})' in client
    assert (
        '        await self._api.post("/refund", {"charge_id": charge_id}, '
        "idempotency_key=idempotency_key)\n"
    ) in client
    test = files["tests/integration/http/test_http_billing_gateway.py"]
    assert test.count('idempotency_key="key-alpha",\n') == 2
    assert "        idempotency_key=None,\n" in test


def test_get_methods_send_query_parameters_and_lists_are_checked(repo: Path) -> None:
    request = stripe_request(
        methods=(
            signature("get_checkout(checkout_id: str, expand: bool) -> dict"),
            signature("list_refunds(limit: int) -> list[dict]"),
            signature("search_charges(query: str) -> list"),
            signature("cancel_checkout(checkout_id: str, reason: str | None) -> None"),
        ),
        config=(),
    )

    client = texts(build_http_client(request, new_batch(repo)))[
        "src/app/infrastructure/http/stripe_client.py"
    ]

    assert (
        'await self._api.get("/checkout", '
        '{"checkout_id": checkout_id, "expand": expand})'
    ) in client
    assert "for entry in expect_list(" in client
    assert 'return expect_list(await self._api.get("/charges"' in client
    assert (
        '        await self._api.post("/cancel-checkout", '
        '{"checkout_id": checkout_id, "reason": reason})\n'
    ) in client
    assert "bearer_token" not in client


def test_the_twin_checks_only_the_kinds_of_answer_its_methods_return(
    repo: Path,
) -> None:
    one = texts(build_http_client(stripe_request(), new_batch(repo)))
    many = texts(
        build_http_client(
            stripe_request(
                methods=(
                    signature("list_refunds(limit: int) -> list[dict]"),
                    signature("cancel_checkout(checkout_id: str) -> None"),
                )
            ),
            new_batch(repo),
        )
    )

    path = "tests/support/doubles/in_memory_checkout_gateway.py"
    assert '_METHODS = frozenset({"create_checkout"})\n' in one[path]
    assert "def _object(" in one[path]
    assert "def _list(" not in one[path]
    assert '_METHODS = frozenset({"list_refunds", "cancel_checkout"})\n' in many[path]
    assert "def _object(" in many[path]
    assert "def _list(" in many[path]


def test_a_second_client_of_a_generated_port_implements_all_its_methods(
    repo: Path,
) -> None:
    first = build_http_client(stripe_request(), new_batch(repo))
    for planned in first.files:
        (repo / planned.path).parent.mkdir(parents=True, exist_ok=True)
        (repo / planned.path).write_text(planned.text, encoding="utf-8")

    second = build_http_client(
        stripe_request(class_name="AdyenClient", methods=(), config=()),
        new_batch(repo),
    )

    files = texts(second)
    assert "src/app/application/interfaces/checkout.py" not in files
    client = files["src/app/infrastructure/http/adyen_client.py"]
    assert "class AdyenClient(ICheckoutGateway):" in client
    assert "async def create_checkout(" in client
    assert (
        'base_url_setting="ADYEN_BASE_URL"'
        in files["tests/integration/http/test_adyen_client.py"]
    )


@pytest.mark.parametrize(
    ("changes", "where", "message"),
    [
        pytest.param(
            {"port": None},
            "item[0] (StripeClient): implements",
            "an HTTP client implements a port",
            id="no-port",
        ),
        pytest.param(
            {"methods": ()},
            "item[0] (StripeClient): methods",
            f"port {CHECKOUT_PORT} does not exist and no methods are given",
            id="new-port-without-methods",
        ),
        pytest.param(
            {"methods": (signature("create_charge(amount: int) -> User"),)},
            "item[0] (StripeClient): methods[0].return_type",
            RETURNS_PLAIN_DATA,
            id="returns-a-domain-object",
        ),
        pytest.param(
            {"methods": (signature("create_charge(amount: int) -> str"),)},
            "item[0] (StripeClient): methods[0].return_type",
            RETURNS_PLAIN_DATA,
            id="returns-a-string",
        ),
        pytest.param(
            {"methods": (signature("get_invoice(filters: dict) -> dict"),)},
            "item[0] (StripeClient): methods[0].parameters[0]",
            "a GET sends its parameters as the query string",
            id="get-with-a-dict",
        ),
        pytest.param(
            {"methods": (signature("get_charge(idempotency_key: str) -> dict"),)},
            "item[0] (StripeClient): methods[0].parameters[0]",
            "get_charge() is a GET (get_...), which sends no Idempotency-Key, so "
            "its parameter 'idempotency_key' would be sent nowhere",
            id="get-with-an-idempotency-key",
        ),
        pytest.param(
            {
                "methods": (
                    signature("charge(amount: int, idempotency_key: UUID) -> dict"),
                )
            },
            "item[0] (StripeClient): methods[0].parameters[1]",
            "'idempotency_key: UUID': it is sent as the Idempotency-Key header, "
            "so it is a str",
            id="idempotency-key-not-a-str",
        ),
        pytest.param(
            {"methods": (signature("charge(idempotency_key: str | None) -> dict"),)},
            "item[0] (StripeClient): methods[0].parameters[0]",
            "'idempotency_key: str | None': it is sent as the Idempotency-Key",
            id="idempotency-key-optional",
        ),
        pytest.param(
            {"methods": (signature("create_charge(user: User) -> dict"),)},
            "item[0] (StripeClient): methods[0].parameters[0]",
            "an HTTP client sends plain data",
            id="posts-a-domain-object",
        ),
        pytest.param(
            {"config": ("STRIPE_SECRET_KEY", "stripe-region")},
            "item[0] (StripeClient): config[1]",
            "is not an environment variable name",
            id="config-not-upper-snake",
        ),
        pytest.param(
            {"config": ("STRIPE_SECRET_KEY", "STRIPE_SECRET_KEY")},
            "item[0] (StripeClient): config[1]",
            "is listed twice",
            id="config-twice",
        ),
        pytest.param(
            {"config": ("STRIPE_API", "STRIPE_REGION")},
            "item[0] (StripeClient): config[0]",
            "attribute 'api'",
            id="config-shadowing-api",
        ),
        pytest.param(
            {
                "port": "app.application.ports.health_probe.HealthProbe",
                "methods": (signature("ping() -> dict"),),
            },
            "item[0] (StripeClient): methods[0].method_name",
            "HealthProbe has no method 'ping' (it has: is_healthy)",
            id="hand-written-port-without-the-method",
        ),
        pytest.param(
            {"port": "app.application.ports.health_probe.HealthProbe", "methods": ()},
            "item[0] (StripeClient): implements",
            f"is_healthy: {RETURNS_PLAIN_DATA}",
            id="hand-written-port-returning-bool",
        ),
        pytest.param(
            {
                "methods": (
                    signature("create_charge(amount: int) -> dict"),
                    signature("create_charge(amount: int) -> dict"),
                )
            },
            "item[0] (StripeClient): methods[1].method_name",
            "listed twice",
            id="method-twice",
        ),
    ],
)
def test_bad_http_client_input_names_the_field(
    repo: Path, changes: dict[str, object], where: str, message: str
) -> None:
    with pytest.raises(ScaffoldError) as raised:
        build_http_client(stripe_request(**changes), new_batch(repo))

    assert raised.value.where == where
    assert message in raised.value.message
