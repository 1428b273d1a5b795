import contextlib
from typing import NoReturn

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.application.ports.flusher import Flusher
from app.application.ports.transaction_manager import TransactionManager
from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.constraint_errors import conflict_from
from app.infrastructure.persistence.database import DATABASE_ERRORS


class SqlaTransaction(Flusher, TransactionManager):
    """Flushes and commits the request's SQLAlchemy session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def flush(self) -> None:
        try:
            await self._session.flush()
        except DATABASE_ERRORS as err:
            await self._fail(err)

    async def commit(self) -> None:
        try:
            await self._session.commit()
        except DATABASE_ERRORS as err:
            await self._fail(err)

    async def _fail(self, err: Exception) -> NoReturn:
        # Roll back first: the unit of work is lost either way, and the
        # session must be usable for whatever the caller does next.
        with contextlib.suppress(*DATABASE_ERRORS):
            await self._session.rollback()
        if isinstance(err, IntegrityError) and (conflict := conflict_from(err)):
            raise conflict from err
        raise DataMapperError from err
