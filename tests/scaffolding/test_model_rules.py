"""Seed 001's model rules, end to end: the tables a command writes, the
migration Alembic generates for them, and the generated tests passing on
them on SQLite and PostgreSQL."""

import sys
from pathlib import Path

import pytest

from .project_copy import add_adapter, copy_repository, run_in

VERSIONS = Path("src/app/infrastructure/persistence/migrations/versions")


@pytest.fixture(scope="module")
def tenants(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("rules") / "project")
    commands = (
        ("model", "TenantModel", "--field", "name: str"),
        (
            "data-mapper",
            "SqlaMemberDataMapper",
            "--field",
            "tenant_id: int ondelete=CASCADE",
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
    return root


def test_the_model_follows_the_type_map_and_the_inferred_constraints(
    tenants: Path,
) -> None:
    model = (tenants / "src/app/infrastructure/persistence/models/member.py").read_text(
        encoding="utf-8"
    )

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
    tenants: Path,
) -> None:
    revisions = sorted(path.name for path in (tenants / VERSIONS).glob("*.py"))
    members = (tenants / VERSIONS / "0003_create_members_table.py").read_text(
        encoding="utf-8"
    )

    assert revisions[1:] == [
        "0002_create_tenants_table.py",
        "0003_create_members_table.py",
    ]
    assert 'name=op.f("uq_members_tenant_id_email")' in members
    assert 'name=op.f("fk_members_tenant_id_tenants")' in members
    assert 'ondelete="CASCADE"' in members
    assert "Create Date" not in members


def test_the_generated_tests_pass_on_the_new_tables(tenants: Path) -> None:
    run = run_in(
        tenants,
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/contracts",
        "tests/integration/adapters",
        "tests/migrations",
    )

    assert run.exit_code == 0, run.output[-4000:]
    assert "passed" in run.stdout.splitlines()[-1]
