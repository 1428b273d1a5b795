from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from app.infrastructure.persistence.models.base import Base


def insert_if_absent(session: AsyncSession, model: type[Base]) -> Insert:
    """An INSERT into ``model``'s table that skips a row whose key is taken
    (ON CONFLICT DO NOTHING), in the dialect of the session's database: one
    round trip where a read first and an insert after take two, and no
    IntegrityError to recover from. Add ``.values(...)`` and, to learn
    whether the row went in, ``.returning(...)`` (no row back: it did not).
    On PostgreSQL an insert racing an uncommitted one with the same key waits
    for that transaction, then skips (or inserts, after a rollback)."""
    # The two databases the service runs on (database.create_engine).
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing()
    return sqlite.insert(model).on_conflict_do_nothing()
