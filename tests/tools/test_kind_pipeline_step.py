"""The pipeline-step builder: the step, its port and test, the collaborator it
calls, and bad input refused with the field it came from.

Builder level: called directly (no CLI, no staging) on a copy of a service
made from the base. The end-to-end runs (the command line on a copy of the
repository, its gates and tests) are in tests/scaffolding."""

from pathlib import Path

import pytest

from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.kinds.cache.builder import build_cache
from add_adapter.scaffold.kinds.http_client.builder import build_http_client
from add_adapter.scaffold.kinds.pipeline_step.builder import build_pipeline_step
from add_adapter.scaffold.kinds.pipeline_step.role import role_name
from add_adapter.scaffold.request import AdapterKind
from add_adapter.specification.vocabulary import Kind, Layer, Scope

from .kind_support import (
    CACHE_PORT,
    CHECKOUT_PORT,
    MEDIA_PORT,
    USER_READER,
    assert_compiles,
    expected_paths,
    fixed_port_request,
    load_user_step,
    signature,
    step_request,
    stripe_request,
    texts,
)
from .scaffold_support import new_batch


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
    # The port is named by its role, from the step's class name.
    port_path = "src/app/application/ports/user_loader.py"
    assert "class UserLoader(Protocol):" in files[port_path]
    step = files["src/app/infrastructure/pipelines/steps/load_user_step.py"]
    assert "from app.application.ports.user_loader import UserLoader\n" in step
    assert "class LoadUserStep(UserLoader):" in step
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
    assert component.implements == ("app.application.ports.user_loader.UserLoader",)
    assert addition.notes == []


@pytest.mark.parametrize(
    ("class_name", "role"),
    [
        ("LoadUserStep", "UserLoader"),
        ("MarkInvoicePaidStep", "InvoicePaidMarker"),
        ("TranscribeStep", "Transcriber"),
        ("StoreInvoiceStep", "InvoiceStorer"),
        ("ValidateAddressStep", "AddressValidator"),
        ("UpdateStockStep", "StockUpdater"),
        ("NotifyUserStep", "UserNotifier"),
        ("ShipParcelStep", "ParcelShipper"),
        ("SendSMSStep", "SMSSender"),
        ("PlayStep", "Player"),
        ("FixStep", "Fixer"),
        ("OpenTicketStep", "TicketOpener"),
        ("LoadUser", "UserLoader"),
        ("EnrichmentStep", "Enrichment"),
        ("BillingStep", "Billing"),
        ("OCRStep", "OCR"),
        ("Resize2xStep", "Resize2x"),
    ],
)
def test_the_default_port_is_named_by_the_steps_role(
    class_name: str, role: str
) -> None:
    assert role_name(class_name) == role


def test_a_step_named_as_its_port_imports_the_port_under_another_name(
    repo: Path,
) -> None:
    # As an adapter named as its port does (a seed item's `UserLoader`
    # implementing `UserLoader`): `class UserLoader(UserLoader)` would not run.
    request = load_user_step(
        class_name="UserLoader", port="app.application.ports.user_loader.UserLoader"
    )

    addition = build_pipeline_step(request, new_batch(repo))

    step = texts(addition)["src/app/infrastructure/pipelines/steps/user_loader.py"]
    assert (
        "from app.application.ports.user_loader import UserLoader as UserLoaderPort"
    ) in step
    assert "class UserLoader(UserLoaderPort):" in step
    assert_compiles(addition)


def test_a_step_whose_role_is_its_name_imports_its_default_port_so_too(
    repo: Path,
) -> None:
    addition = build_pipeline_step(
        load_user_step(class_name="Enrichment"), new_batch(repo)
    )

    files = texts(addition)
    assert (
        "class Enrichment(Protocol):"
        in files["src/app/application/ports/enrichment.py"]
    )
    step = files["src/app/infrastructure/pipelines/steps/enrichment.py"]
    assert "class Enrichment(EnrichmentPort):" in step


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
