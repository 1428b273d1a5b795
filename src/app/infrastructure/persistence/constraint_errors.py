"""Turns unique-constraint violations into the domain's conflict errors."""

import re

from sqlalchemy import UniqueConstraint
from sqlalchemy.exc import IntegrityError

from app.domain.exceptions import (
    ConflictError,
    EmailAlreadyRegisteredError,
    OrderRequestKeyTakenError,  # demo: orders
    ProductNameTakenError,  # demo: catalog
    ValueTakenError,
)
from app.infrastructure.persistence.models import Base

CONFLICT_BY_CONSTRAINT: dict[str, type[ConflictError]] = {
    "uq_users_email": EmailAlreadyRegisteredError,
    "uq_products_name": ProductNameTakenError,  # demo: catalog
    # region demo: orders
    # Two placements with one key raced: the loser retries and finds the order.
    "uq_orders_user_id_request_key": OrderRequestKeyTakenError,
    # endregion
}

# SQLite names columns, not constraints: "UNIQUE constraint failed: users.email".
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<columns>[\w., ]+)")


def conflict_from(err: IntegrityError) -> ConflictError | None:
    """The domain error for a violated unique constraint: the one
    CONFLICT_BY_CONSTRAINT names, else ValueTakenError naming the columns
    (a scaffolded entity's unique fields); None for other failures."""
    name = _constraint_name(err)
    if name is None:
        return None
    error_class = CONFLICT_BY_CONSTRAINT.get(name)
    if error_class is not None:
        return error_class()
    columns = _unique_columns(name)
    return None if columns is None else ValueTakenError(columns)


def _unique_columns(name: str) -> tuple[str, ...] | None:
    """The columns of the unique constraint called `name`, if there is one:
    a duplicate is the client's conflict, never a failure of the store."""
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint) and constraint.name == name:
                return tuple(constraint.columns.keys())
    return None


def _constraint_name(err: IntegrityError) -> str | None:
    driver_error = err.orig
    for candidate in (driver_error, getattr(driver_error, "__cause__", None)):
        name = getattr(candidate, "constraint_name", None)  # asyncpg
        if isinstance(name, str):
            return name
        diag = getattr(candidate, "diag", None)  # psycopg
        name = getattr(diag, "constraint_name", None)
        if isinstance(name, str):
            return name
    match = _SQLITE_UNIQUE.search(str(driver_error))
    return _unique_constraint_on(match.group("columns")) if match else None


def _unique_constraint_on(qualified_columns: str) -> str | None:
    pairs = [item.strip().split(".", 1) for item in qualified_columns.split(",")]
    tables = {table for table, _ in pairs}
    if len(tables) != 1:
        return None
    table = Base.metadata.tables.get(tables.pop())
    columns = {column for _, column in pairs}
    if table is None:
        return None
    for constraint in table.constraints:
        if (
            isinstance(constraint, UniqueConstraint)
            and set(constraint.columns.keys()) == columns
        ):
            return str(constraint.name)
    return None
