from sqlalchemy.ext.asyncio import AsyncSession

from app.application.ports.flusher import Flusher
from app.application.ports.transaction_manager import TransactionManager
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.failed_writes import abandon_unit_of_work


class SqlaTransaction(Flusher, TransactionManager):
    """Flushes and commits the request's SQLAlchemy session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def flush(self) -> None:
        try:
            await self._session.flush()
        except DATABASE_ERRORS as err:
            await abandon_unit_of_work(self._session, err)

    async def commit(self) -> None:
        try:
            await self._session.commit()
        except DATABASE_ERRORS as err:
            await abandon_unit_of_work(self._session, err)
