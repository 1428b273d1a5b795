import contextlib
from typing import NoReturn

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.constraint_errors import conflict_from
from app.infrastructure.persistence.database import DATABASE_ERRORS


async def abandon_unit_of_work(session: AsyncSession, err: Exception) -> NoReturn:
    """Rolls ``session`` back after a write failed with ``err``, and raises
    what the failure means: the domain's conflict for a violated unique
    constraint, else DataMapperError (``err`` as its cause).

    Rolled back first: the unit of work is lost either way (PostgreSQL
    refuses every statement of a transaction after a failed one), and the
    session must be usable for whatever the caller does next."""
    with contextlib.suppress(*DATABASE_ERRORS):
        await session.rollback()
    if isinstance(err, IntegrityError) and (conflict := conflict_from(err)):
        raise conflict from err
    raise DataMapperError from err
