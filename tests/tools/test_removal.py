"""What `remove` plans to take out (no staging), on a copy of a service made
from the base: its own files and what only it needed, the opposite binding
of a conditional adapter kept and bound always, and a removal that would
break the code refused with what to do."""

import json
from pathlib import Path

import pytest

from add_adapter.paths import Project
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.removal import plan_removal
from add_adapter.scaffold.shipped import record_shipped

from .tool_runner import edit_spec

ADAPTERS = Path("src/app/infrastructure/adapters")
RATE_LIMITER = "app.application.ports.log_in_rate_limiter.LogInRateLimiter"
NOTE_STORE = "app.application.ports.sample_note_store.SampleNoteStore"
HAND_WRITTEN = {
    "src/app/infrastructure/persistence/models/sample_note.py": """\
from uuid import UUID

from sqlalchemy.orm import Mapped, mapped_column

from app.infrastructure.persistence.models.base import Base


class SampleNoteModel(Base):
    __tablename__ = "sample_notes"

    id: Mapped[UUID] = mapped_column(primary_key=True)
""",
    "src/app/application/ports/sample_note_store.py": """\
from typing import Protocol


class SampleNoteStore(Protocol):
    async def count(self) -> int: ...
""",
    "src/app/infrastructure/adapters/sqla_sample_note_store.py": """\
from app.application.ports.sample_note_store import SampleNoteStore
from app.infrastructure.persistence.models.sample_note import SampleNoteModel


class SqlaSampleNoteStore(SampleNoteStore):
    async def count(self) -> int:
        return len(SampleNoteModel.__table__.columns)
""",
}
"""A shipped adapter written by hand, with its port and its table."""


def spec_entries(root: Path) -> dict[str, dict[str, object]]:
    spec = json.loads((root / "setup/spec.json").read_text(encoding="utf-8"))
    return {entry["class_name"]: entry for entry in spec["components"]}


def ship_the_note_store(repo: Path) -> None:
    """The hand-written note store in the service, bound and recorded as
    shipped, as `dev.py new` records a service's adapters."""
    for path, text in HAND_WRITTEN.items():
        (repo / path).write_text(text, encoding="utf-8")

    def add_entry(components: list[dict[str, object]]) -> None:
        components.append(
            {
                "class_name": "SqlaSampleNoteStore",
                "module": "app.infrastructure.adapters.sqla_sample_note_store",
                "layer": "infrastructure/adapter",
                "kind": "adapter",
                "implements": NOTE_STORE,
                "scope": "request",
                "description": "Counts notes.",
            }
        )

    edit_spec(repo, add_entry)
    record_shipped(Project(repo))


def test_a_shipped_adapter_takes_its_port_and_its_table_along(repo: Path) -> None:
    ship_the_note_store(repo)

    removal = plan_removal(Project(repo), "SqlaSampleNoteStore")

    assert removal.files == sorted(Path(path) for path in HAND_WRITTEN)
    assert removal.tables == ["sample_notes"]
    names = [c["class_name"] for c in json.loads(removal.spec_text)["components"]]
    assert "SqlaSampleNoteStore" not in names
    for path in HAND_WRITTEN:
        assert path not in removal.manifest.shipped


def test_a_port_code_still_needs_is_not_left_without_an_adapter(repo: Path) -> None:
    ship_the_note_store(repo)
    use_case = repo / "src/app/application/commands/count_sample_notes.py"
    use_case.write_text(
        "from app.application.ports.sample_note_store import SampleNoteStore\n\n\n"
        "class CountSampleNotes:\n"
        "    def __init__(self, store: SampleNoteStore) -> None:\n"
        "        self._store = store\n",
        encoding="utf-8",
    )

    with pytest.raises(ScaffoldError) as raised:
        plan_removal(Project(repo), "SqlaSampleNoteStore")

    assert raised.value.message == (
        f"SqlaSampleNoteStore is the only adapter of {NOTE_STORE}, needed by "
        "src/app/application/commands/count_sample_notes.py: add another adapter "
        "of it first, or remove what needs it"
    )


def test_the_opposite_binding_of_a_conditional_adapter_is_bound_always(
    repo: Path,
) -> None:
    removal = plan_removal(Project(repo), "RedisLogInRateLimiter")

    entries = json.loads(removal.spec_text)["components"]
    [kept] = [e for e in entries if e.get("implements") == RATE_LIMITER]
    assert kept["class_name"] == "InProcessLogInRateLimiter"
    assert "when" not in kept
    assert removal.files == [ADAPTERS / "redis_log_in_rate_limiter.py"]
    assert removal.notes[0] == (
        f"InProcessLogInRateLimiter binds {RATE_LIMITER} always now (it was "
        "bound with REDIS_URL unset, RedisLogInRateLimiter with REDIS_URL set)"
    )
    # Its hand-written test stays, for the user to edit or delete.
    assert (
        "tests/integration/adapters/test_redis_log_in_rate_limiter.py"
        in (removal.notes[1])
    )


def test_a_gap_no_single_opposite_binding_closes_is_refused(repo: Path) -> None:
    (repo / ADAPTERS / "sample_log_in_rate_limiter.py").write_text(
        "class SampleLogInRateLimiter:\n    pass\n", encoding="utf-8"
    )

    def three_ways(components: list[dict[str, object]]) -> None:
        in_process = spec_entries(repo)["InProcessLogInRateLimiter"]
        in_process["when"] = [
            {"setting": "REDIS_URL", "set": False},
            {"setting": "AMQP_URL", "set": False},
        ]
        third = {
            **in_process,
            "class_name": "SampleLogInRateLimiter",
            "module": "app.infrastructure.adapters.sample_log_in_rate_limiter",
            "when": [{"setting": "REDIS_URL", "set": False}, {"setting": "AMQP_URL"}],
        }
        components[:] = [
            c for c in components if c["class_name"] != "InProcessLogInRateLimiter"
        ]
        components += [in_process, third]

    edit_spec(repo, three_ways)

    with pytest.raises(ScaffoldError) as raised:
        plan_removal(Project(repo), "RedisLogInRateLimiter")

    assert raised.value.message == (
        f"removing RedisLogInRateLimiter would leave {RATE_LIMITER} without an "
        "adapter with REDIS_URL set: bind another adapter there first (--when, "
        "--unless)"
    )


def test_code_importing_what_would_go_is_refused(repo: Path) -> None:
    (repo / "setup/limits.py").write_text(
        "from app.infrastructure.adapters.redis_log_in_rate_limiter import (\n"
        "    RedisLogInRateLimiter,\n)\n\nLIMITER = RedisLogInRateLimiter\n",
        encoding="utf-8",
    )

    with pytest.raises(ScaffoldError) as raised:
        plan_removal(Project(repo), "RedisLogInRateLimiter")

    assert raised.value.message == (
        "setup/limits.py imports app.infrastructure.adapters."
        "redis_log_in_rate_limiter, which would go with RedisLogInRateLimiter: "
        "edit it first"
    )
