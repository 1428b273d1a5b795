"""insert_row: a valid row in any mapped table, parents included.

Tests that need a row only as a foreign-key target (a user for a session,
say) call ``await insert_row(session, "users")`` without knowing the table's
columns: every NOT NULL column without a default gets a fresh value made
from its type, and every such foreign key gets a parent row, recursively.
"""

import itertools
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKeyConstraint,
    Integer,
    Interval,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Table,
    Time,
    TypeDecorator,
    Uuid,
    insert,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeEngine

from app.infrastructure.persistence.models import Base

# One number per generated value: strings and numbers differ between calls,
# so unique columns never collide.
_counter = itertools.count(1)


async def insert_row(
    session: AsyncSession, table_name: str, **values: object
) -> object:
    """Insert a row into ``table_name`` and flush; return its primary key.

    ``values`` (by column key) are used as given. Other NOT NULL columns with
    no default, server default or autoincrement get a fresh value from their
    type; NOT NULL foreign keys get a parent row made by this same function.
    A composite primary key comes back as a tuple. An unknown table raises
    KeyError; a column type with no generator raises TypeError.
    """
    return await insert_table_row(session, _table(table_name), **values)


async def insert_table_row(
    session: AsyncSession, table: Table, **values: object
) -> object:
    """``insert_row`` for a ``Table`` object (one not on ``Base.metadata`` too)."""
    row = await _insert(session, table, values, table.primary_key.columns, ())
    if row is None:
        return None
    return row[0] if len(row) == 1 else row


def _table(table_name: str) -> Table:
    tables = Base.metadata.tables
    if table_name not in tables:
        known = ", ".join(sorted(tables))
        raise KeyError(f"No mapped table is named {table_name!r}; known: {known}")
    return tables[table_name]


async def _insert(
    session: AsyncSession,
    table: Table,
    given: Mapping[str, object],
    returning: Iterable[Column[Any]],
    parents_in_progress: tuple[str, ...],
) -> tuple[object, ...] | None:
    unknown = sorted(set(given) - set(table.columns.keys()))
    if unknown:
        raise KeyError(f"Table {table.name!r} has no column(s) {unknown}")
    row: dict[str, object] = dict(given)
    needed = [column for column in table.columns if _needs_value(column, row)]

    for constraint in _foreign_keys(table, needed):
        local = list(constraint.columns)
        if all(column.key in row for column in local):
            continue  # filled through an overlapping foreign key
        missing = [column for column in local if column.key not in row]
        if missing != local:
            names = [f"{table.name}.{column.key}" for column in missing]
            raise ValueError(
                f"Give all or none of the columns of a composite foreign key; "
                f"missing {names}"
            )
        parent = constraint.referred_table
        if parent.name in parents_in_progress or parent is table:
            chain = " -> ".join((*parents_in_progress, table.name, parent.name))
            raise ValueError(f"Cannot fill a NOT NULL foreign-key cycle: {chain}")
        referred = [element.column for element in constraint.elements]
        parent_row = await _insert(
            session, parent, {}, referred, (*parents_in_progress, table.name)
        )
        assert parent_row is not None
        for column, value in zip(local, parent_row, strict=True):
            row[column.key] = value

    for column in needed:
        if column.key not in row:
            row[column.key] = _fresh_value(table, column)

    returned = list(returning)
    statement = insert(table).values(row)
    if not returned:
        await session.execute(statement)
        await session.flush()
        return None
    result = await session.execute(statement.returning(*returned))
    inserted = tuple(result.one())
    await session.flush()
    return inserted


def _needs_value(column: Column[Any], row: Mapping[str, object]) -> bool:
    if column.key in row or column.nullable:
        return False
    if column.default is not None or column.server_default is not None:
        return False
    if column.computed is not None or column.identity is not None:
        return False
    return column is not column.table.autoincrement_column


def _foreign_keys(
    table: Table, needed: list[Column[Any]]
) -> list[ForeignKeyConstraint]:
    """The table's foreign keys that have a column needing a value."""
    return [
        constraint
        for constraint in sorted(table.foreign_key_constraints, key=_constraint_key)
        if any(column in needed for column in constraint.columns)
    ]


def _constraint_key(constraint: ForeignKeyConstraint) -> tuple[str, ...]:
    return tuple(column.key for column in constraint.columns)


def _fresh_value(table: Table, column: Column[Any]) -> object:
    """A value for ``column``; a TypeDecorator falls back to its ``impl``."""
    n = next(_counter)
    type_: TypeEngine[Any] = column.type
    while True:
        value = _value_for(type_, column.key, n)
        if value is not _NO_VALUE:
            return value
        if not isinstance(type_, TypeDecorator):
            raise TypeError(
                f"insert_row cannot make a value for {table.name}.{column.key} "
                f"of type {column.type!r}; pass it explicitly"
            )
        type_ = type_.impl_instance


# What _value_for answers for a type it has no generator for.
_NO_VALUE = object()


def _value_for(type_: TypeEngine[Any], key: str, n: int) -> object:
    # Checked before unwrapping: Interval is itself a TypeDecorator over DateTime.
    if isinstance(type_, Interval):
        return timedelta(seconds=n)
    # Subclasses before their bases: Enum is a String, SmallInteger an Integer.
    if isinstance(type_, Enum):
        if type_.enum_class is not None:
            return next(iter(type_.enum_class))
        return type_.enums[0]
    if isinstance(type_, String):  # Text, Unicode, ... too
        return _text(f"{key}-{n}", str(n), type_.length)
    if isinstance(type_, Boolean):
        return False
    if isinstance(type_, SmallInteger):
        return n % 32_767 + 1
    if isinstance(type_, Integer):  # BigInteger too
        return n
    if isinstance(type_, Float):
        return float(n)
    if isinstance(type_, Numeric):
        return _number(n, type_.precision, type_.scale)
    if isinstance(type_, DateTime):
        now = datetime.now(UTC)
        return now if type_.timezone else now.replace(tzinfo=None)
    if isinstance(type_, Date):
        return datetime.now(UTC).date()
    if isinstance(type_, Time):
        now = datetime.now(UTC)
        return now.timetz() if type_.timezone else now.time()
    if isinstance(type_, Uuid):
        value = uuid.uuid4()
        return value if type_.as_uuid else str(value)
    if isinstance(type_, JSON):
        return {}
    if isinstance(type_, LargeBinary):
        return b""
    return _NO_VALUE


def _text(preferred: str, fallback: str, length: int | None) -> str:
    """``preferred``, or when it is too long the end of ``fallback``."""
    if length is None or len(preferred) <= length:
        return preferred
    return fallback[-length:]


def _number(n: int, precision: int | None, scale: int | None) -> Decimal:
    if precision is None:
        return Decimal(n)
    whole_digits = precision - (scale or 0)
    return Decimal(n % 10**whole_digits) if whole_digits > 0 else Decimal(0)
