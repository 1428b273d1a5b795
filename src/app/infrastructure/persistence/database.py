"""Engine and session factory for the configured database."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


@dataclass(frozen=True, slots=True)
class DatabaseConfig:
    url: str
    echo: bool = False
    # Seconds a request waits for a pooled connection (or the SQLite write
    # lock) before the adapter gives up with a DataMapperError/ReaderError.
    timeout: float = 5.0


def create_engine(config: DatabaseConfig) -> AsyncEngine:
    url = make_url(config.url)
    if url.get_backend_name() == "sqlite":
        return _create_sqlite_engine(config)
    return create_async_engine(
        url,
        echo=config.echo,
        pool_pre_ping=True,
        pool_timeout=config.timeout,
        connect_args={"timeout": config.timeout},
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # autoflush off: changes reach the database only at Flusher.flush or
    # TransactionManager.commit, where constraint errors are translated.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def _create_sqlite_engine(config: DatabaseConfig) -> AsyncEngine:
    url = make_url(config.url)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        url, echo=config.echo, connect_args={"timeout": config.timeout}
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # SQLite ignores foreign keys unless asked; WAL lets readers go on
        # while one connection writes.
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return engine


# What a database call can raise when the server is away: SQLAlchemy wraps
# driver errors, but a refused or timed-out connect can surface unwrapped.
DATABASE_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError, OSError, TimeoutError)
