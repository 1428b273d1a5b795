"""Tried as a new user would: on a copy of a service made from the base, add a
data mapper and a reader for a new entity with a foreign key to users, an
HTTP client and a pipeline step (one command each), and put the seed 000
example array through `from-json`. Then `check`, ruff, mypy --strict,
import-linter and the service's whole test suite must pass with no hand
edits."""

import json
from pathlib import Path

import pytest

from .project_copy import (
    RepositoryCopies,
    add_adapter,
    each_quality_gate,
    pytest_in,
    run_in,
    tree_digest,
)

pytestmark = pytest.mark.expensive

SEED_000 = Path(__file__).parents[1] / "tools/seeds/seed_000_input.json"

COMMANDS = (
    (
        "data-mapper",
        "SqlaSampleInvoiceDataMapper",
        "--field",
        "user_id: UUID ondelete=CASCADE",
        "--field",
        "total_cents: int",
        "--field",
        "placed_at: datetime",
        "--field",
        "note: str | None",
        "--field",
        "reference: str unique=True",
    ),
    ("reader", "SqlaSampleInvoiceReader"),
    (
        "http-client",
        "StripeCheckoutClient",
        "--port",
        "app.application.ports.checkout_sessions.CheckoutSessions",
        "--method",
        "create_checkout_session(amount_cents: int, currency: str, metadata: dict)"
        " -> dict",
        "--method",
        "get_checkout_session(session_id: str) -> dict",
        "--method",
        "capture_checkout_session(idempotency_key: str, session_id: str) -> dict",
        "--config",
        "STRIPE_SECRET_KEY",
    ),
    (
        "pipeline-step",
        "LoadUserStep",
        "--calls",
        "app.application.ports.user_reader.UserReader.get_user",
        "--reads",
        "user_id",
        "--writes",
        "user",
    ),
)


def seed_000_as_samples() -> str:
    """Seed 000's example array as written, but for the tests' SampleGadget
    instead of the entity it names: a service may have an entity of that
    name, and `from-json` rightly refuses to overwrite hand-written files."""
    text = SEED_000.read_text(encoding="utf-8")
    entity = json.loads(text)[0]["class_name"].removesuffix("Model")
    return text.replace(entity, "SampleGadget").replace(entity.lower(), "sample_gadget")


@pytest.fixture(scope="module")
def scaffolded(repository_copies: RepositoryCopies) -> Path:
    root = repository_copies.fresh("new-user")
    for command in COMMANDS:
        run = add_adapter(root, *command, "--no-input")
        assert run.exit_code == 0, f"{command}: {run.output}"
    seed = root / "seed_000.json"
    seed.write_text(seed_000_as_samples(), encoding="utf-8")
    run = add_adapter(root, "from-json", str(seed), "--write-paths")
    assert run.exit_code == 0, run.output
    return root


def test_check_passes(scaffolded: Path) -> None:
    run = add_adapter(scaffolded, "check")

    assert run.exit_code == 0, run.output
    assert "all checks passed" in run.stdout


@each_quality_gate
def test_quality_gates_pass_without_hand_edits(
    scaffolded: Path, command: tuple[str, ...]
) -> None:
    run = run_in(scaffolded, *command)

    assert run.exit_code == 0, run.output


def test_the_whole_test_suite_passes_including_the_generated_tests(
    scaffolded: Path,
) -> None:
    run = pytest_in(
        scaffolded,
        "-q",
        # These two directories run the scaffolder itself: not again, nested.
        "--ignore=tests/scaffolding",
        "--ignore=tests/tools",
        # This one makes a service of the copy again and greps it for the
        # base's demo words, which seed 000's own examples use.
        "--ignore=tests/service_base",
        timeout=900,
    )

    assert run.exit_code == 0, run.output[-5000:]
    generated = [
        "tests/contracts/test_sample_invoice_data_mapper.py",
        "tests/contracts/test_sample_invoice_reader.py",
        "tests/contracts/test_sample_gadget_repository.py",
        "tests/integration/adapters/test_sqla_sample_invoice_data_mapper.py",
        "tests/integration/adapters/test_sqla_sample_invoice_reader.py",
    ]
    for path in generated:
        assert (scaffolded / path).exists(), path
    assert " skipped" not in run.stdout.splitlines()[-1]


def test_the_seed_items_get_their_paths_written_back(scaffolded: Path) -> None:
    items = json.loads((scaffolded / "seed_000.json").read_text(encoding="utf-8"))

    paths = {
        item["class_name"]: (item.get("code_path"), item.get("test_path"))
        for item in items
    }

    assert paths["SampleGadgetModel"][0] == (
        "src/app/infrastructure/persistence/models/sample_gadget.py"
    )
    assert paths["SampleGadgetRepository"] == (
        "src/app/infrastructure/adapters/sample_gadget_repository.py",
        "tests/contracts/test_sample_gadget_repository.py",
    )
    for class_name in ("StripeClient", "TranscribeStep"):
        code_path, test_path = paths[class_name]
        assert code_path is not None
        assert test_path is not None
        assert (scaffolded / code_path).exists()
        assert (scaffolded / test_path).exists()


def test_running_every_command_again_changes_nothing(scaffolded: Path) -> None:
    before = tree_digest(scaffolded)

    for command in COMMANDS:
        run = add_adapter(scaffolded, *command, "--no-input")
        assert run.exit_code == 0, run.output
        assert "nothing to change" in run.stdout

    assert tree_digest(scaffolded) == before
