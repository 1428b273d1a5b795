"""insert_row (tests/support/rows.py) on SQLite and PostgreSQL."""

import enum
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from sqlalchemy import (
    ARRAY,
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    Interval,
    LargeBinary,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    Uuid,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from app.infrastructure.persistence.models.auth_session import AuthSessionModel
from app.infrastructure.persistence.models.base import UtcDateTime
from app.infrastructure.persistence.models.user import UserModel
from tests.support.rows import insert_row, insert_table_row


async def count(session: AsyncSession, model: type[object]) -> int:
    return (await session.scalar(select(func.count()).select_from(model))) or 0


async def test_a_user_row_gets_every_required_column(session: AsyncSession) -> None:
    user_id = await insert_row(session, "users")

    assert isinstance(user_id, UUID)
    user = await session.get_one(UserModel, user_id)
    assert user.email
    assert user.password_hash
    assert 0 < len(user.role) <= 16
    assert isinstance(user.is_active, bool)


async def test_an_auth_session_row_gets_a_parent_user(session: AsyncSession) -> None:
    session_id = await insert_row(session, "auth_sessions")

    assert isinstance(session_id, str)
    assert len(session_id) <= 64
    auth_session = await session.get_one(AuthSessionModel, session_id)
    assert await session.get(UserModel, auth_session.user_id) is not None
    assert await count(session, UserModel) == 1
    assert auth_session.expires_at.utcoffset() == timedelta(0)


async def test_given_values_are_used_as_is(session: AsyncSession) -> None:
    user_id = uuid4()

    returned = await insert_row(
        session,
        "users",
        id=user_id,
        email="bob@example.com",
        role="admin",
        is_active=True,
    )

    assert returned == user_id
    user = await session.get_one(UserModel, user_id)
    assert (user.email, user.role, user.is_active) == ("bob@example.com", "admin", True)


async def test_a_given_foreign_key_makes_no_parent(session: AsyncSession) -> None:
    user_id = await insert_row(session, "users")

    session_id = await insert_row(session, "auth_sessions", user_id=user_id)

    auth_session = await session.get_one(AuthSessionModel, session_id)
    assert auth_session.user_id == user_id
    assert await count(session, UserModel) == 1


async def test_two_calls_make_distinct_unique_values(session: AsyncSession) -> None:
    user_ids = [await insert_row(session, "users") for _ in range(2)]
    session_ids = [await insert_row(session, "auth_sessions") for _ in range(2)]

    assert len(set(user_ids)) == len(set(session_ids)) == 2
    emails = await session.scalars(select(UserModel.email))
    assert len(set(emails)) == 4  # two users, and one parent per auth session


async def test_an_unknown_table_is_a_clear_key_error(session: AsyncSession) -> None:
    with pytest.raises(LookupError, match=r"'no_such_table'.*known: .*users"):
        await insert_row(session, "no_such_table")


async def test_an_unknown_column_is_a_clear_key_error(session: AsyncSession) -> None:
    with pytest.raises(KeyError, match=r"'users'.*'nickname'"):
        await insert_row(session, "users", nickname="bob")


# --- every supported type, on a throwaway table -----------------------------


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


def every_type_tables() -> tuple[Table, Table]:
    metadata = MetaData()
    parent = Table(
        "rows_test_parent",
        metadata,
        Column("id", Integer, primary_key=True),  # autoincrement: left out
        Column("code", String(8), unique=True, nullable=False),
    )
    child = Table(
        "rows_test_child",
        metadata,
        Column("id", Uuid, primary_key=True),
        Column("parent_code", ForeignKey("rows_test_parent.code"), nullable=False),
        Column("short", String(3), unique=True, nullable=False),
        Column("text", Text, nullable=False),
        Column("small", SmallInteger, nullable=False),
        Column("big", BigInteger, unique=True, nullable=False),
        Column("ratio", Float, nullable=False),
        Column("amount", Numeric(5, 2), nullable=False),
        Column("flag", Boolean, nullable=False),
        Column("at", UtcDateTime, nullable=False),
        Column("naive_at", DateTime, nullable=False),
        Column("day", Date, nullable=False),
        Column("clock", Time, nullable=False),
        Column("uuid_text", Uuid(as_uuid=False), nullable=False),
        Column("data", JSON, nullable=False),
        Column("blob", LargeBinary, nullable=False),
        Column("colour", Enum(Colour, name="rows_test_colour"), nullable=False),
        Column("plain_enum", Enum("a", "b", name="rows_test_plain"), nullable=False),
        Column("defaulted", Integer, nullable=False, default=7),
        Column("span", Interval, nullable=False),
        Column("optional", Text, nullable=True),  # nullable: left out
    )
    return parent, child


async def test_every_supported_type_gets_a_value(session: AsyncSession) -> None:
    parent, child = every_type_tables()
    # Rolled back with the session: nothing outlives the test.
    await session.run_sync(lambda s: parent.metadata.create_all(s.connection()))

    first = await insert_table_row(session, child)
    second = await insert_table_row(session, child)

    assert isinstance(first, UUID)
    assert first != second
    rows = (await session.execute(select(child).order_by(child.c.big))).all()
    assert len(rows) == 2
    row = rows[0]._mapping
    assert len(row["short"]) <= 3
    assert rows[0].short != rows[1].short
    assert isinstance(row["small"], int)
    assert isinstance(row["ratio"], float)
    assert isinstance(row["amount"], Decimal)
    assert row["flag"] is False
    assert isinstance(row["at"], datetime)
    assert row["at"].utcoffset() == timedelta(0)
    assert isinstance(row["naive_at"], datetime)
    assert isinstance(row["day"], date)
    assert isinstance(row["clock"], time)
    assert isinstance(row["uuid_text"], str)
    assert row["data"] == {}
    assert row["blob"] == b""
    assert row["colour"] is Colour.RED
    assert row["plain_enum"] == "a"
    assert row["defaulted"] == 7
    assert isinstance(row["span"], timedelta)
    assert row["optional"] is None
    codes = (await session.scalars(select(parent.c.code))).all()
    assert sorted(codes) == sorted(r.parent_code for r in rows)


async def test_an_unsupported_type_raises_type_error(session: AsyncSession) -> None:
    table = Table(
        "rows_test_unsupported",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("numbers", ARRAY(Integer), nullable=False),
    )

    with pytest.raises(TypeError, match=r"rows_test_unsupported\.numbers.*ARRAY"):
        await insert_table_row(session, table)
