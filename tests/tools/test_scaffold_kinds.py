"""The http-client, pipeline-step, cache, message-publisher and file-storage
builders called directly (no CLI, no staging) on a copy of a service made
from the base: which files they plan, what those say, the spec entries, and
bad input refused with the field it came from."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from add_adapter.cli.app import app
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.builders import builder_for
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.from_json import parse_items
from add_adapter.scaffold.kinds.cache import build_cache
from add_adapter.scaffold.kinds.http_client import (
    RETURNS_PLAIN_DATA,
    build_http_client,
)
from add_adapter.scaffold.kinds.pipeline_step import build_pipeline_step
from add_adapter.scaffold.kinds.ports import (
    add_port_if_new,
    read_port,
)
from add_adapter.scaffold.prose import format_docstring
from add_adapter.scaffold.request import (
    AdapterKind,
    AdapterRequest,
    Method,
    parse_method_signature,
)
from add_adapter.spec.vocabulary import Kind, Layer, Scope

from .scaffold_support import new_batch, write_addition
from .tool_runner import edit_spec

CHECKOUT_PORT = "app.application.interfaces.checkout.ICheckoutGateway"
MEDIA_PORT = "app.application.interfaces.media.ITranscriber"
USER_READER = "app.application.ports.user_reader.UserReader"


def signature(text: str) -> Method:
    return parse_method_signature(text, "method")


def stripe_request(**changes: object) -> AdapterRequest:
    """The seed's StripeClient item."""
    fields: dict[str, object] = {
        "kind": AdapterKind.HTTP_CLIENT,
        "class_name": "StripeClient",
        "origin": "item[0] (StripeClient)",
        "scope": Scope.APP,
        "port": CHECKOUT_PORT,
        "config": ("STRIPE_SECRET_KEY", "STRIPE_DEFAULT_CURRENCY"),
        "methods": (
            signature(
                "create_checkout(amount_cents: int, currency: str, "
                "metadata: dict) -> dict"
            ),
        ),
    }
    return AdapterRequest(**{**fields, **changes})  # type: ignore[arg-type]


def step_request(**changes: object) -> AdapterRequest:
    """The seed's TranscribeStep item."""
    fields: dict[str, object] = {
        "kind": AdapterKind.PIPELINE_STEP,
        "class_name": "TranscribeStep",
        "origin": "item[1] (TranscribeStep)",
        "port": MEDIA_PORT,
        "methods": (signature("run(context: dict) -> dict"),),
    }
    return AdapterRequest(**{**fields, **changes})  # type: ignore[arg-type]


def load_user_step(**changes: object) -> AdapterRequest:
    fields: dict[str, object] = {
        "kind": AdapterKind.PIPELINE_STEP,
        "class_name": "LoadUserStep",
        "origin": "item[2] (LoadUserStep)",
        "calls": f"{USER_READER}.get_user",
        "reads": ("user_id",),
        "writes": "user",
    }
    return AdapterRequest(**{**fields, **changes})  # type: ignore[arg-type]


def texts(addition: Addition) -> dict[str, str]:
    return {planned.path.as_posix(): planned.text for planned in addition.files}


def expected_paths(repo: Path, paths: list[str]) -> list[str]:
    """`paths` without the package markers the service already has: an
    addition plans an `__init__.py` only for a package it starts."""
    return sorted(
        path
        for path in paths
        if not (path.endswith("__init__.py") and (repo / path).exists())
    )


def assert_compiles(addition: Addition) -> None:
    for path, text in texts(addition).items():
        compile(text, path, "exec")


# HTTP client


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
            "src/app/infrastructure/in_memory/__init__.py",
            # InMemoryCheckoutGateway is the twin of HttpCheckoutGateway's
            # CheckoutGateway port: this port's twin keeps the I of its name.
            "src/app/infrastructure/in_memory/in_memory_i_checkout_gateway.py",
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
    twin = files["src/app/infrastructure/in_memory/in_memory_i_checkout_gateway.py"]
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
    assert '"""BillingGateway over Billing Gateway\'s JSON API.' in client
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
    twin = files["src/app/infrastructure/in_memory/in_memory_billing_gateway.py"]
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

    path = "src/app/infrastructure/in_memory/in_memory_checkout_gateway.py"
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


# Pipeline steps


def test_the_seed_transcribe_step_plans_port_step_and_test(repo: Path) -> None:
    addition = build_pipeline_step(step_request(), new_batch(repo))

    files = texts(addition)
    assert sorted(files) == expected_paths(
        repo,
        [
            "src/app/application/interfaces/__init__.py",
            "src/app/application/interfaces/media.py",
            "src/app/infrastructure/pipelines/__init__.py",
            "src/app/infrastructure/pipelines/steps/__init__.py",
            "src/app/infrastructure/pipelines/steps/transcribe_step.py",
            "tests/unit/pipelines/__init__.py",
            "tests/unit/pipelines/test_transcribe_step.py",
        ],
    )
    assert_compiles(addition)
    port = files["src/app/application/interfaces/media.py"]
    assert "class ITranscriber(Protocol):" in port
    assert "    name: str\n" in port
    assert (
        "    async def run(self, context: PipelineContext) -> PipelineContext:" in port
    )
    assert "from app.application.common.pipeline import PipelineContext" in port
    step = files["src/app/infrastructure/pipelines/steps/transcribe_step.py"]
    assert "class TranscribeStep(ITranscriber):" in step
    assert '    name = "transcribe"\n' in step
    assert "        return dict(context)\n" in step
    test = files["tests/unit/pipelines/test_transcribe_step.py"]
    assert "await Pipeline([step]).run(dict(INPUT))" in test
    assert 'assert result[COMPLETED_STEPS] == ["transcribe"]' in test
    [component] = addition.components
    assert component.kind is Kind.PIPELINE_STEP
    assert component.layer is Layer.INFRASTRUCTURE_PIPELINE_STEP
    assert component.implements == (MEDIA_PORT,)
    assert component.code_path == (
        "src/app/infrastructure/pipelines/steps/transcribe_step.py"
    )
    assert component.test_path == "tests/unit/pipelines/test_transcribe_step.py"
    [note] = addition.notes
    assert "TranscribeStep does no work yet" in note


def test_a_step_with_calls_reads_and_writes_calls_its_collaborator(
    repo: Path,
) -> None:
    addition = build_pipeline_step(load_user_step(), new_batch(repo))

    files = texts(addition)
    assert_compiles(addition)
    port_path = "src/app/application/ports/load_user_step.py"
    assert "class LoadUserStepPort(Protocol):" in files[port_path]
    step = files["src/app/infrastructure/pipelines/steps/load_user_step.py"]
    assert "class LoadUserStep(LoadUserStepPort):" in step
    assert '    name = "load_user"\n' in step
    assert "def __init__(self, user_reader: UserReader) -> None:" in step
    assert "        new_context = dict(context)\n" in step
    assert 'user_id = require(context, "user_id", self.name)' in step
    assert "if not isinstance(user_id, UUID):" in step
    assert (
        'new_context["user"] = await self._user_reader.get_user(user_id=user_id)'
    ) in step
    test = files["tests/unit/pipelines/test_load_user_step.py"]
    assert "class FakeUserReader(UserReader):" in test
    assert "async def list_users(self, pagination: Pagination" in test
    assert "raise NotImplementedError" in test
    assert '"user_id": UUID("00000000-0000-4000-8000-000000000001")' in test
    assert 'assert result == {**INPUT, "user": RESULT}' in test
    assert "pytest.raises(MissingContextKeyError)" in test
    [component] = addition.components
    assert component.implements == (
        "app.application.ports.load_user_step.LoadUserStepPort",
    )
    assert addition.notes == []


def test_a_step_may_call_a_port_an_earlier_request_of_the_batch_plans(
    repo: Path,
) -> None:
    batch = new_batch(repo)
    build_http_client(stripe_request(), batch)

    addition = build_pipeline_step(
        load_user_step(
            class_name="ChargeStep",
            port="app.application.interfaces.billing.IChargeStep",
            calls=f"{CHECKOUT_PORT}.create_checkout",
            reads=("amount_cents", "currency", "metadata"),
            writes="checkout",
        ),
        batch,
    )

    step = texts(addition)["src/app/infrastructure/pipelines/steps/charge_step.py"]
    assert "def __init__(self, checkout_gateway: ICheckoutGateway) -> None:" in step
    assert "if not isinstance(metadata, dict):" in step
    assert (
        "await self._checkout_gateway.create_checkout(amount_cents=amount_cents,"
        " currency=currency, metadata=metadata)"
    ) in step


def test_a_step_without_calls_checks_its_reads(repo: Path) -> None:
    addition = build_pipeline_step(
        step_request(reads=("audio_url", "language")), new_batch(repo)
    )

    files = texts(addition)
    step = files["src/app/infrastructure/pipelines/steps/transcribe_step.py"]
    assert 'require(context, "audio_url", self.name)' in step
    assert 'require(context, "language", self.name)' in step
    test = files["tests/unit/pipelines/test_transcribe_step.py"]
    assert '@pytest.mark.parametrize("key", ["audio_url", "language", ])' in test
    [note] = addition.notes
    assert "checks that 'audio_url', 'language' are present" in note


@pytest.mark.parametrize(
    ("changes", "where", "message"),
    [
        pytest.param(
            {
                "methods": (
                    signature("run(context: dict) -> dict"),
                    signature("stop() -> None"),
                )
            },
            "item[1] (TranscribeStep): methods",
            "a pipeline step has one method",
            id="two-methods",
        ),
        pytest.param(
            {"methods": (signature("execute(context: dict) -> dict"),)},
            "item[1] (TranscribeStep): methods[0].method_name",
            "a pipeline step has one method",
            id="not-run",
        ),
        pytest.param(
            {"methods": (signature("run(audio: bytes) -> dict"),)},
            "item[1] (TranscribeStep): methods[0].parameters",
            "run(context: PipelineContext) -> PipelineContext",
            id="run-without-context",
        ),
        pytest.param(
            {"methods": (signature("run(context: dict) -> str"),)},
            "item[1] (TranscribeStep): methods[0].return_type",
            "a pipeline step has one method",
            id="run-returning-a-string",
        ),
        pytest.param(
            {"calls": "app.application.ports.transcriber.Transcriber.transcribe"},
            "item[1] (TranscribeStep): calls",
            "app.application.ports.transcriber.Transcriber does not exist",
            id="calls-a-missing-port",
        ),
        pytest.param(
            {"calls": f"{USER_READER}.find_user", "reads": ("user_id",)},
            "item[1] (TranscribeStep): calls",
            "has no method 'find_user' (it has: get_user, list_users)",
            id="calls-a-missing-method",
        ),
        pytest.param(
            {"calls": "get_user"},
            "item[1] (TranscribeStep): calls",
            "is not package.module.PortClass.method",
            id="calls-not-dotted",
        ),
        pytest.param(
            {"calls": f"{USER_READER}.get_user", "writes": "user"},
            "item[1] (TranscribeStep): reads",
            "takes user_id; reads gives 0",
            id="too-few-reads",
        ),
        pytest.param(
            {"calls": f"{USER_READER}.get_user", "reads": ("user_id",)},
            "item[1] (TranscribeStep): writes",
            "give the context key to store it under",
            id="result-without-writes",
        ),
        pytest.param(
            {"writes": "transcript"},
            "item[1] (TranscribeStep): writes",
            "without calls there is no result to write",
            id="writes-without-calls",
        ),
        pytest.param(
            {"reads": ("audio_url", "audio_url")},
            "item[1] (TranscribeStep): reads[1]",
            "'audio_url' is read twice",
            id="read-twice",
        ),
        pytest.param(
            {
                "calls": f"{USER_READER}.get_user",
                "reads": ("user_id",),
                "writes": "completed_steps",
            },
            "item[1] (TranscribeStep): writes",
            "the Pipeline's own key",
            id="writes-completed-steps",
        ),
        pytest.param(
            {
                "scope": Scope.APP,
                "calls": f"{USER_READER}.get_user",
                "reads": ("user_id",),
                "writes": "user",
            },
            "item[1] (TranscribeStep): scope",
            "an app-scoped step cannot hold it",
            id="app-step-calling-a-request-port",
        ),
        pytest.param(
            {"port": "app.application.ports.health_probe.HealthProbe"},
            "item[1] (TranscribeStep): methods[0].method_name",
            "HealthProbe has no method 'run'",
            id="hand-written-port-without-run",
        ),
    ],
)
def test_bad_pipeline_step_input_names_the_field(
    repo: Path, changes: dict[str, object], where: str, message: str
) -> None:
    with pytest.raises(ScaffoldError) as raised:
        build_pipeline_step(step_request(**changes), new_batch(repo))

    assert raised.value.where == where
    assert message in raised.value.message


# Ports


def test_two_new_ports_in_one_module_are_refused(repo: Path) -> None:
    batch = new_batch(repo)
    build_pipeline_step(step_request(), batch)

    with pytest.raises(ScaffoldError) as raised:
        build_pipeline_step(
            step_request(
                class_name="ThumbnailStep",
                origin="item[3] (ThumbnailStep)",
                port="app.application.interfaces.media.IThumbnailer",
            ),
            batch,
        )

    assert raised.value.where == "item[3] (ThumbnailStep): implements"
    assert raised.value.message == (
        "app.application.interfaces.media already holds the generated port "
        "ITranscriber; give IThumbnailer a module of its own, e.g. "
        "app.application.interfaces.thumbnailer.IThumbnailer"
    )


def test_a_new_port_imports_the_domain_classes_it_names(repo: Path) -> None:
    batch = new_batch(repo)
    request = stripe_request(
        kind=AdapterKind.REPOSITORY,
        port="app.application.interfaces.accounts.IAccounts",
        methods=(signature("rename(user: User, email: Email) -> None"),),
    )
    addition = Addition(request.class_name)

    implemented = add_port_if_new(request, batch, addition, request.methods, "Docs.")

    [method] = implemented
    assert method.method.name == "rename"
    port = texts(addition)["src/app/application/interfaces/accounts.py"]
    assert "from app.domain.entities.user import User" in port
    assert "from app.domain.value_objects.email import Email" in port


def test_a_new_port_refuses_a_type_it_cannot_import(repo: Path) -> None:
    request = stripe_request(
        methods=(
            signature("rename(user: User) -> None"),
            signature("archive(widget: Widget) -> None"),
        )
    )

    with pytest.raises(ScaffoldError) as raised:
        add_port_if_new(
            request, new_batch(repo), Addition("X"), request.methods, "Docs."
        )

    assert raised.value.where == "item[0] (StripeClient): methods[1].parameters[0]"
    assert raised.value.message == "unknown type 'Widget'"


def test_an_existing_port_is_read_with_its_exact_signatures(repo: Path) -> None:
    shape = read_port(new_batch(repo), USER_READER)

    get_user, list_users = shape.methods
    assert get_user.method.signature == (
        "get_user(self, user_id: UUID) -> UserView | None"
    )
    assert list_users.required == 3
    assert list_users.parameters_source.startswith("pagination: Pagination, ")
    assert shape.imports["UUID"] == "from uuid import UUID"
    assert shape.imports["UserView"] == (
        "from app.application.query_models.user_view import UserView"
    )


@pytest.mark.parametrize(
    ("text", "indent", "expected"),
    [
        ("Fits.", 4, "Fits."),
        ('Ends with a "quote"', 4, 'Ends with a "quote\\"'),
        (
            "x" * 40 + " " + "y" * 40,
            4,
            "x" * 40 + "\n    " + "y" * 40 + "\n    ",
        ),
    ],
)
def test_docstrings_fit_the_line_length(text: str, indent: int, expected: str) -> None:
    assert format_docstring(text, indent) == expected


# Caches, message publishers, file storages

CACHE_PORT = "app.application.ports.cache.Cache"
FIXED_PORT_KINDS = {
    # kind: (adapter, its module, port, spec kind)
    AdapterKind.CACHE: ("RedisCache", "redis_cache", CACHE_PORT, Kind.CACHE),
    # The service binds the default port (MessagePublisher) already, and
    # a port has one scaffolded adapter: this kind is tried on a port of its
    # own.
    AdapterKind.MESSAGE_PUBLISHER: (
        "RabbitMqAuditPublisher",
        "rabbit_mq_audit_publisher",
        "app.application.ports.audit_publisher.AuditPublisher",
        Kind.MESSAGE_PUBLISHER,
    ),
    AdapterKind.FILE_STORAGE: (
        "LocalFileStorage",
        "local_file_storage",
        "app.application.ports.file_storage.FileStorage",
        Kind.FILE_STORAGE,
    ),
}
each_fixed_port_kind = pytest.mark.parametrize(
    "kind", list(FIXED_PORT_KINDS), ids=[kind.value for kind in FIXED_PORT_KINDS]
)


def fixed_port_request(kind: AdapterKind, **changes: object) -> AdapterRequest:
    class_name, _, port, _ = FIXED_PORT_KINDS[kind]
    fields: dict[str, object] = {
        "kind": kind,
        "class_name": class_name,
        "origin": f"item[0] ({class_name})",
        "scope": Scope.APP,
    }
    if kind is AdapterKind.MESSAGE_PUBLISHER:
        fields["port"] = port
    return AdapterRequest(**{**fields, **changes})  # type: ignore[arg-type]


@each_fixed_port_kind
def test_each_kind_plans_port_adapter_twin_contract_and_adapter_test(
    repo: Path, kind: AdapterKind
) -> None:
    class_name, snake, port, spec_kind = FIXED_PORT_KINDS[kind]
    port_module, port_class = port.rsplit(".", 1)
    stem = port_module.rpartition(".")[2]
    addition = builder_for(kind)(fixed_port_request(kind), new_batch(repo))

    files = texts(addition)
    assert sorted(files) == expected_paths(
        repo,
        [
            f"src/app/application/ports/{stem}.py",
            f"src/app/infrastructure/adapters/{snake}.py",
            "src/app/infrastructure/in_memory/__init__.py",
            f"src/app/infrastructure/in_memory/in_memory_{stem}.py",
            f"tests/contracts/test_{stem}.py",
            "tests/integration/adapters/__init__.py",
            f"tests/integration/adapters/test_{snake}.py",
        ],
    )
    assert_compiles(addition)
    assert (
        f"class {port_class}(Protocol):"
        in files[f"src/app/application/ports/{stem}.py"]
    )
    code = files[f"src/app/infrastructure/adapters/{snake}.py"]
    assert f"class {class_name}({port_class}):" in code
    twin = files[f"src/app/infrastructure/in_memory/in_memory_{stem}.py"]
    assert f"class InMemory{port_class}({port_class}):" in twin
    contract = files[f"tests/contracts/test_{stem}.py"]
    assert f"from {port_module} import {port_class}" in contract
    # The contract test runs against the twin too (the cache's with its clock).
    assert re.search(rf"InMemory{port_class}(\.with_clock)?\(", contract)
    [component] = addition.components
    assert component.kind is spec_kind
    assert component.layer is Layer.INFRASTRUCTURE_ADAPTER
    assert component.implements == (port,)
    assert component.scope is Scope.APP
    assert component.module == f"app.infrastructure.adapters.{snake}"
    assert component.code_path == (f"src/app/infrastructure/adapters/{snake}.py")
    assert component.test_path == (f"tests/integration/adapters/test_{snake}.py")
    assert addition.code_path == Path(component.code_path)
    assert addition.test_path == Path(component.test_path)
    assert len(addition.notes) == 1


@pytest.mark.parametrize("command", ["cache", "message-publisher", "file-storage"])
def test_the_help_says_the_description_is_the_adapters(command: str) -> None:
    # A description naming the adapter's technology once ended up in the
    # port's docstring, which every adapter of the port shares: now the port
    # keeps a docstring of its own role.
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    output = " ".join(result.output.split())

    assert result.exit_code == 0, result.output
    assert "What the adapter does, in your words: its docstring" in output
    assert "Ports and entities get docstrings of their own role." in output


def test_a_description_goes_to_the_adapter_not_to_the_new_port(repo: Path) -> None:
    description = "Publishes on RabbitMQ; bound when AMQP_URL is set"
    request = AdapterRequest(
        kind=AdapterKind.MESSAGE_PUBLISHER,
        class_name="RabbitMqAuditPublisher",
        origin="",
        scope=Scope.APP,
        port="app.application.ports.audit_publisher.AuditPublisher",
        description=description,
    )

    files = texts(builder_for(request.kind)(request, new_batch(repo)))

    assert description not in files["src/app/application/ports/audit_publisher.py"]
    adapter = files["src/app/infrastructure/adapters/rabbit_mq_audit_publisher.py"]
    assert description in adapter


def test_the_redis_cache_wraps_driver_errors_and_prefixes_its_keys(
    repo: Path,
) -> None:
    files = texts(build_cache(fixed_port_request(AdapterKind.CACHE), new_batch(repo)))

    port = files["src/app/application/ports/cache.py"]
    assert (
        "    async def set(self, key: str, value: bytes, "
        "ttl_seconds: int | None = None) -> None:"
    ) in port
    assert "CacheError" in port
    code = files["src/app/infrastructure/adapters/redis_cache.py"]
    assert "def __init__(self, redis: Redis, keys: RedisKeys) -> None:" in code
    assert "self._prefix = keys.key(KEY_PREFIX)" in code
    assert 'KEY_PREFIX = "cache:"' in code
    assert code.count("raise CacheError from err") == 3
    twin = files["src/app/infrastructure/in_memory/in_memory_cache.py"]
    assert "clock: Callable[[], float] = time.monotonic" in twin
    contract = files["tests/contracts/test_cache.py"]
    assert '@pytest.fixture(params=["redis", "in_memory"])' in contract
    assert "redis_or_skip()" in contract
    assert "InMemoryCache.with_clock(clock)" in contract


def test_the_rabbitmq_publisher_sends_persistent_json_with_a_message_id(
    repo: Path,
) -> None:
    files = texts(
        builder_for(AdapterKind.MESSAGE_PUBLISHER)(
            fixed_port_request(AdapterKind.MESSAGE_PUBLISHER), new_batch(repo)
        )
    )

    code = files["src/app/infrastructure/adapters/rabbit_mq_audit_publisher.py"]
    assert "def __init__(self, connector: RabbitMqConnector) -> None:" in code
    assert "delivery_mode=aio_pika.DeliveryMode.PERSISTENT" in code
    assert "message_id=message_id or uuid4().hex" in code
    assert 'CONTENT_TYPE = "application/json"' in code
    assert "raise PublishError from err" in code
    contract = files["tests/contracts/test_audit_publisher.py"]
    assert "await channel.declare_queue(exclusive=True)" in contract
    assert "await channel.exchange_delete(exchange)" in contract
    assert "assert message.persistent" in contract


def test_without_a_port_a_message_publisher_takes_the_default_one(
    repo: Path,
) -> None:
    # Which the service binds already (RabbitMQ, and the in-process bus).
    request = AdapterRequest(
        kind=AdapterKind.MESSAGE_PUBLISHER,
        class_name="RabbitMqOtherPublisher",
        origin="item[0] (RabbitMqOtherPublisher)",
        scope=Scope.APP,
    )

    with pytest.raises(ScaffoldError) as raised:
        builder_for(AdapterKind.MESSAGE_PUBLISHER)(request, new_batch(repo))

    assert raised.value.where == "item[0] (RabbitMqOtherPublisher): implements"
    assert raised.value.message.startswith(
        "app.application.ports.message_publisher.MessagePublisher is already "
        "implemented by "
    )


def test_the_local_file_storage_writes_atomically_off_the_event_loop(
    repo: Path,
) -> None:
    files = texts(
        builder_for(AdapterKind.FILE_STORAGE)(
            fixed_port_request(AdapterKind.FILE_STORAGE), new_batch(repo)
        )
    )

    code = files["src/app/infrastructure/adapters/local_file_storage.py"]
    assert "def __init__(self, config: LocalFileStorageConfig) -> None:" in code
    assert "os.replace(temporary, path)" in code
    assert "await asyncio.to_thread(_write_atomically, path, content)" in code
    assert "raise FileNotFoundInStorageError(key) from None" in code
    assert "check_storage_key(key)" in code
    test = files["tests/integration/adapters/test_local_file_storage.py"]
    assert "test_a_root_that_is_not_a_writable_directory_raises_storage_error" in test


def test_the_s3_file_storage_keeps_content_types_and_wraps_client_errors(
    repo: Path,
) -> None:
    request = fixed_port_request(
        AdapterKind.FILE_STORAGE, class_name="S3FileStorage", technology="s3"
    )

    addition = builder_for(AdapterKind.FILE_STORAGE)(request, new_batch(repo))

    files = texts(addition)
    assert sorted(files) == expected_paths(
        repo,
        [
            "src/app/application/ports/file_storage.py",
            "src/app/infrastructure/adapters/s3_file_storage.py",
            "src/app/infrastructure/in_memory/__init__.py",
            "src/app/infrastructure/in_memory/in_memory_file_storage.py",
            "tests/contracts/test_file_storage.py",
            "tests/integration/adapters/__init__.py",
            "tests/integration/adapters/test_s3_file_storage.py",
        ],
    )
    assert_compiles(addition)
    code = files["src/app/infrastructure/adapters/s3_file_storage.py"]
    assert "class S3FileStorage(FileStorage):" in code
    assert "def __init__(self, s3: S3Connector) -> None:" in code
    assert "Body=content, ContentType=content_type" in code
    assert "raise FileNotFoundInStorageError(key) from None" in code
    # save and delete wrap once; load and exists tell a missing object apart.
    assert code.count("raise StorageError from err") == 6
    assert "check_storage_key(key)" in code
    contract = files["tests/contracts/test_file_storage.py"]
    assert '@pytest.fixture(params=["s3", "in_memory"])' in contract
    assert "async with s3_bucket(s3_server) as s3:" in contract
    assert "LocalFileStorageConfig" not in contract
    test = files["tests/integration/adapters/test_s3_file_storage.py"]
    assert "UNREACHABLE_ENDPOINT_URL" in test
    assert 'stored["ContentType"] == PDF' in test
    [component] = addition.components
    assert component.when == ()
    assert component.description.startswith("FileStorage on S3")


STORAGE_PORT = "app.application.ports.document_storage.DocumentStorage"


def local_document_storage(repo: Path, when: dict[str, object] | None) -> None:
    """LocalFileDocumentStorage as `file-storage` writes it, the port's only
    adapter, bound on `when` (always for None)."""
    request = fixed_port_request(
        AdapterKind.FILE_STORAGE,
        class_name="LocalFileDocumentStorage",
        origin="",
        port=STORAGE_PORT,
    )
    write_addition(
        repo, builder_for(AdapterKind.FILE_STORAGE)(request, new_batch(repo))
    )
    if when is not None:

        def bind_on_when(components: list[dict[str, Any]]) -> None:
            [local] = (c for c in components if c.get("implements") == STORAGE_PORT)
            local["when"] = when

        edit_spec(repo, bind_on_when)


def s3_document_storage_request() -> AdapterRequest:
    return fixed_port_request(
        AdapterKind.FILE_STORAGE,
        class_name="S3DocumentStorage",
        origin="",
        port=STORAGE_PORT,
        technology="s3",
    )


def test_an_s3_storage_joins_a_conditional_local_one_where_the_bucket_is_set(
    repo: Path,
) -> None:
    local_document_storage(repo, {"setting": "S3_BUCKET_URL", "set": False})

    addition = builder_for(AdapterKind.FILE_STORAGE)(
        s3_document_storage_request(), new_batch(repo)
    )

    # The port, its twin and its contract test stay the local adapter's.
    assert sorted(texts(addition)) == [
        "src/app/infrastructure/adapters/s3_document_storage.py",
        "tests/integration/adapters/test_s3_document_storage.py",
    ]
    [component] = addition.components
    assert component.implements == (STORAGE_PORT,)
    assert component.condition_text == "S3_BUCKET_URL set"
    assert (
        "DocumentStorage is also implemented by LocalFileDocumentStorage"
        in (addition.notes[-1])
    )
    assert "tests/contracts/test_document_storage.py" in addition.notes[-1]


def test_an_s3_storage_does_not_join_an_adapter_bound_always(repo: Path) -> None:
    local_document_storage(repo, None)

    with pytest.raises(ScaffoldError) as raised:
        builder_for(AdapterKind.FILE_STORAGE)(
            s3_document_storage_request(), new_batch(repo)
        )

    assert raised.value.where == "implements"
    assert raised.value.message == (
        f"{STORAGE_PORT} is bound to LocalFileDocumentStorage always; "
        "S3DocumentStorage would be bound where S3_BUCKET_URL is set: first "
        'give LocalFileDocumentStorage "when": {"setting": "S3_BUCKET_URL", '
        '"set": false} in setup/spec.json'
    )


def test_a_local_storage_does_not_join_another_adapter_of_the_port(
    repo: Path,
) -> None:
    local_document_storage(repo, {"setting": "S3_BUCKET_URL", "set": False})
    request = fixed_port_request(
        AdapterKind.FILE_STORAGE,
        class_name="LocalFileOtherDocumentStorage",
        port=STORAGE_PORT,
    )

    with pytest.raises(ScaffoldError) as raised:
        builder_for(AdapterKind.FILE_STORAGE)(request, new_batch(repo))

    assert "is already implemented by LocalFileDocumentStorage" in (
        raised.value.message
    )


def test_a_port_of_its_own_gets_its_own_twin_contract_and_key_prefix(
    repo: Path,
) -> None:
    request = fixed_port_request(
        AdapterKind.CACHE,
        class_name="RedisSessionCache",
        port="app.application.interfaces.caching.ISessionCache",
        description="Sessions by token.",
    )

    addition = build_cache(request, new_batch(repo))

    files = texts(addition)
    assert sorted(files) == expected_paths(
        repo,
        [
            "src/app/application/interfaces/__init__.py",
            "src/app/application/interfaces/caching.py",
            "src/app/infrastructure/adapters/redis_session_cache.py",
            "src/app/infrastructure/in_memory/__init__.py",
            "src/app/infrastructure/in_memory/in_memory_session_cache.py",
            "tests/contracts/test_session_cache.py",
            "tests/integration/adapters/__init__.py",
            "tests/integration/adapters/test_redis_session_cache.py",
        ],
    )
    # The description is the adapter's; the port says what a cache is for.
    port = files["src/app/application/interfaces/caching.py"]
    assert "Sessions by token." not in port
    assert '"""A cache of byte values by key' in port
    code = files["src/app/infrastructure/adapters/redis_session_cache.py"]
    assert "Sessions by token." in code
    assert "class RedisSessionCache(ISessionCache):" in code
    assert 'KEY_PREFIX = "session_cache:"' in code
    [component] = addition.components
    assert component.description == "Sessions by token."


def test_a_hand_written_port_with_the_methods_is_implemented_not_rewritten(
    repo: Path,
) -> None:
    port = repo / "src/app/application/ports/blob_store.py"
    port.write_text(
        "from typing import Protocol\n\n\n"
        "class BlobStore(Protocol):\n"
        "    async def save(self, key: str, content: bytes, content_type: str)"
        " -> None: ...\n"
        "    async def load(self, key: str) -> bytes: ...\n"
        "    async def delete(self, key: str) -> None: ...\n"
        "    async def exists(self, key: str) -> bool: ...\n",
        encoding="utf-8",
    )
    request = fixed_port_request(
        AdapterKind.FILE_STORAGE,
        class_name="LocalBlobStore",
        port="app.application.ports.blob_store.BlobStore",
    )

    files = texts(builder_for(AdapterKind.FILE_STORAGE)(request, new_batch(repo)))

    assert "src/app/application/ports/blob_store.py" not in files
    code = files["src/app/infrastructure/adapters/local_blob_store.py"]
    assert "class LocalBlobStore(BlobStore):" in code
    assert "tests/contracts/test_blob_store.py" in files


def test_a_step_may_call_a_cache_an_earlier_request_of_the_batch_plans(
    repo: Path,
) -> None:
    batch = new_batch(repo)
    build_cache(fixed_port_request(AdapterKind.CACHE), batch)

    addition = build_pipeline_step(
        load_user_step(
            class_name="CachedPageStep",
            calls=f"{CACHE_PORT}.get",
            reads=("key",),
            writes="page",
        ),
        batch,
    )

    step = texts(addition)["src/app/infrastructure/pipelines/steps/cached_page_step.py"]
    assert "def __init__(self, cache: Cache) -> None:" in step
    assert 'new_context["page"] = await self._cache.get(key=key)' in step


HAND_WRITTEN_PORT = "app.application.ports.blob_store.BlobStore"


@pytest.mark.parametrize(
    ("kind", "changes", "port_source", "where", "message"),
    [
        pytest.param(
            AdapterKind.CACHE,
            {"config": ("REDIS_URL",)},
            None,
            "item[0] (RedisCache): config",
            "a cache takes no config",
            id="config",
        ),
        pytest.param(
            AdapterKind.CACHE,
            {
                "methods": (
                    signature("get(key: str) -> bytes"),
                    signature("scan() -> list"),
                )
            },
            None,
            "item[0] (RedisCache): methods[1].method_name",
            "a cache has the methods get, set, delete; 'scan' is not one of them",
            id="method-of-another-kind",
        ),
        pytest.param(
            AdapterKind.CACHE,
            {"class_name": "Cache", "origin": "item[0] (Cache)"},
            None,
            "item[0] (Cache): class_name",
            "Cache is the name of the port; name the adapter after its technology "
            "and port, e.g. RedisCache",
            id="named-like-the-port",
        ),
        pytest.param(
            AdapterKind.MESSAGE_PUBLISHER,
            {"class_name": "InMemoryAuditPublisher", "origin": "item[0] (X)"},
            None,
            "item[0] (X): class_name",
            "is the name of the in-memory twin",
            id="named-like-the-twin",
        ),
        pytest.param(
            AdapterKind.FILE_STORAGE,
            {"technology": "ftp"},
            None,
            "item[0] (LocalFileStorage): technology",
            "a file storage is made on local, s3; 'ftp' is not one of them",
            id="unknown-technology",
        ),
        pytest.param(
            AdapterKind.CACHE,
            {"technology": "s3"},
            None,
            "item[0] (RedisCache): technology",
            "a cache is made on redis; 's3' is not one of them",
            id="technology-of-another-kind",
        ),
        pytest.param(
            AdapterKind.FILE_STORAGE,
            {"port": "app.infrastructure.storage.FileStorage"},
            None,
            "item[0] (LocalFileStorage): implements",
            "must live under app.domain or app.application",
            id="port-outside-the-inner-layers",
        ),
        pytest.param(
            AdapterKind.CACHE,
            {"port": "app.application.ports.health_probe.HealthProbe"},
            None,
            "item[0] (RedisCache): implements",
            "HealthProbe is already implemented by SqlaHealthProbe",
            id="port-bound-to-another-adapter",
        ),
        pytest.param(
            AdapterKind.CACHE,
            {"port": "app.application.ports.health_probe.HealthCache"},
            None,
            "item[0] (RedisCache): implements",
            "app.application.ports.health_probe already holds HealthProbe",
            id="port-in-a-module-of-another-port",
        ),
        pytest.param(
            AdapterKind.CACHE,
            {"port": HAND_WRITTEN_PORT},
            "    async def get(self, key: str) -> bytes: ...\n",
            "item[0] (RedisCache): implements",
            f"{HAND_WRITTEN_PORT} declares get; the cache template implements "
            "exactly get(key: str), set(",
            id="hand-written-port-with-other-methods",
        ),
        pytest.param(
            AdapterKind.MESSAGE_PUBLISHER,
            {"port": HAND_WRITTEN_PORT},
            "    async def publish(self, subject: str, payload: dict[str, object],"
            " message_id: str | None = None) -> None: ...\n",
            "item[0] (RabbitMqAuditPublisher): implements",
            f"{HAND_WRITTEN_PORT}.publish takes (subject: str, ",
            id="hand-written-port-with-other-parameters",
        ),
        pytest.param(
            AdapterKind.MESSAGE_PUBLISHER,
            {"port": HAND_WRITTEN_PORT},
            "    def publish(self, topic: str, payload: dict[str, object],"
            " message_id: str | None = None) -> None: ...\n",
            "item[0] (RabbitMqAuditPublisher): implements",
            f"{HAND_WRITTEN_PORT}.publish is not an async method",
            id="hand-written-port-not-async",
        ),
    ],
)
def test_bad_fixed_port_input_names_the_field(
    repo: Path,
    kind: AdapterKind,
    changes: dict[str, object],
    port_source: str | None,
    where: str,
    message: str,
) -> None:
    if port_source is not None:
        (repo / "src/app/application/ports/blob_store.py").write_text(
            "from typing import Protocol\n\n\nclass BlobStore(Protocol):\n"
            + port_source,
            encoding="utf-8",
        )

    with pytest.raises(ScaffoldError) as raised:
        builder_for(kind)(fixed_port_request(kind, **changes), new_batch(repo))

    assert raised.value.where == where
    assert message in raised.value.message


def test_a_second_adapter_of_a_port_in_one_batch_is_refused(repo: Path) -> None:
    batch = new_batch(repo)
    build_cache(fixed_port_request(AdapterKind.CACHE), batch)

    with pytest.raises(ScaffoldError) as raised:
        build_cache(
            fixed_port_request(
                AdapterKind.CACHE,
                class_name="RedisOtherCache",
                origin="item[1] (RedisOtherCache)",
            ),
            batch,
        )

    assert raised.value.where == "item[1] (RedisOtherCache): implements"
    assert f"{CACHE_PORT} is already implemented by RedisCache" in (
        raised.value.message
    )


def test_seed_items_name_these_kinds_by_kind_or_by_class_name() -> None:
    items = [
        {
            "class_name": "RedisCache",
            "layer": "infrastructure/adapter",
            "kind": "cache",
        },
        {
            "class_name": "EventBus",
            "layer": "infrastructure/adapter",
            "kind": "message_publisher",
        },
        {"class_name": "DocumentStorage", "layer": "infrastructure/adapter"},
        {
            "class_name": "RabbitMqPublisher",
            "layer": "infrastructure/adapter",
            "scope": "request",
        },
    ]

    _, parsed = parse_items(json.dumps(items), "seed.json")

    assert [(r.kind, r.scope) for r in parsed.requests] == [
        (AdapterKind.CACHE, Scope.APP),
        (AdapterKind.MESSAGE_PUBLISHER, Scope.APP),
        (AdapterKind.FILE_STORAGE, Scope.APP),
        (AdapterKind.MESSAGE_PUBLISHER, Scope.REQUEST),
    ]


def test_a_seed_item_names_its_technology() -> None:
    items = [
        {
            "class_name": "S3InvoiceStorage",
            "layer": "infrastructure/adapter",
            "kind": "file_storage",
            "technology": "s3",
        },
        {"class_name": "InvoiceStorage", "layer": "infrastructure/adapter"},
    ]

    _, parsed = parse_items(json.dumps(items), "seed.json")

    assert [r.technology for r in parsed.requests] == ["s3", None]
