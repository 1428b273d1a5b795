"""Seed 001's model rules, end to end: the tables a command writes, the
migration Alembic generates for them, and the generated tests passing on
them on SQLite and PostgreSQL."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from .project_copy import (
    MIGRATION_TESTS,
    VERSIONS,
    RepositoryCopies,
    add_adapter,
    pytest_in,
    revision_name,
)

pytestmark = pytest.mark.expensive


@dataclass(frozen=True)
class Scaffolded:
    root: Path
    # The revisions the two commands should have written, in order.
    expected_revisions: list[str]


@pytest.fixture(scope="module")
def scaffolded(repository_copies: RepositoryCopies) -> Scaffolded:
    root = repository_copies.fresh("rules")
    expected = [
        revision_name(root, "create_tenants_table"),
        revision_name(root, "create_sample_members_table", ahead=2),
    ]
    commands = (
        ("model", "TenantModel", "--field", "name: str"),
        (
            "data-mapper",
            "SqlaSampleMemberDataMapper",
            # Seed 001's `id: int`; without it the id is a UUID, as the
            # tenants' (this test gave both int ids before UUID was the default).
            "--field",
            "id: int",
            "--field",
            "tenant_id: UUID ondelete=CASCADE",
            "--field",
            "email: str",
            "--field",
            "status: str",
            "--field",
            "joined_on: date | None",
            "--field",
            "score: Decimal",
            "--field",
            "profile: dict",
        ),
    )
    for command in commands:
        run = add_adapter(root, *command, "--no-input")
        assert run.exit_code == 0, run.output
    return Scaffolded(root, expected)


def test_the_model_follows_the_type_map_and_the_inferred_constraints(
    scaffolded: Scaffolded,
) -> None:
    model = (
        scaffolded.root / "src/app/infrastructure/persistence/models/sample_member.py"
    ).read_text(encoding="utf-8")

    assert 'UniqueConstraint("tenant_id", "email")' in model
    assert (
        "id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)"
        in model
    )
    assert 'ForeignKey("tenants.id", ondelete="CASCADE"), index=True' in model
    assert "status: Mapped[str] = mapped_column(String(255), index=True)" in model
    assert "joined_on: Mapped[date | None] = mapped_column(Date)" in model
    assert "score: Mapped[Decimal] = mapped_column(Numeric(18, 6))" in model
    assert "profile: Mapped[dict[str, object]] = mapped_column(JSON)" in model
    assert "email: Mapped[str] = mapped_column(String(255))\n" in model


def test_each_table_gets_its_own_deterministically_named_revision(
    scaffolded: Scaffolded,
) -> None:
    versions = scaffolded.root / VERSIONS
    revisions = sorted(path.name for path in versions.glob("*.py"))
    tenants, members_name = scaffolded.expected_revisions
    members = (versions / members_name).read_text(encoding="utf-8")

    assert revisions[-2:] == [tenants, members_name]
    assert 'name=op.f("uq_sample_members_tenant_id_email")' in members
    assert 'name=op.f("fk_sample_members_tenant_id_tenants")' in members
    assert 'ondelete="CASCADE"' in members
    assert "Create Date" not in members


def test_the_generated_tests_pass_on_the_new_tables(scaffolded: Scaffolded) -> None:
    run = pytest_in(
        scaffolded.root,
        "-q",
        "tests/contracts",
        "tests/integration/adapters",
        MIGRATION_TESTS,
    )

    assert run.exit_code == 0, run.output[-4000:]
    assert "passed" in run.stdout.splitlines()[-1]
