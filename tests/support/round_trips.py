"""What one request asks of the database: its SQL statements, transactions
and connection checkouts, counted with SQLAlchemy events on the app's engine,
and the ORM's own work (objects loaded, flushes), counted on every Session.

Work done outside a request (the outbox relay, say) is left out: each event
is filed under the request id of the request it ran for.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from httpx import Response
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session

from app.presentation.http.request_id import REQUEST_ID_HEADER, current_request_id


@dataclass
class RoundTrips:
    statements: list[str] = field(default_factory=list)
    # Transactions begun (each a BEGIN, and a COMMIT or ROLLBACK after).
    transactions: int = 0
    checkouts: int = 0
    # Connections held at once, now and at most.
    held: int = 0
    most_held: int = 0
    # ORM objects made from rows, and flushes of tracked objects: what a
    # statement run on plain rows does without.
    orm_loads: int = 0
    orm_flushes: int = 0


class RoundTripLog:
    """Listens to ``engine`` from construction until ``stop``."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine.sync_engine
        self._by_request: defaultdict[str | None, RoundTrips] = defaultdict(RoundTrips)
        self._listeners = {
            "before_cursor_execute": self._statement,
            "begin": self._begin,
            "checkout": self._checkout,
            "checkin": self._checkin,
        }
        for name, listener in self._listeners.items():
            event.listen(self._engine, name, listener)
        self._orm_listeners = {
            "loaded_as_persistent": self._orm_load,
            "after_flush": self._orm_flush,
        }
        for name, listener in self._orm_listeners.items():
            event.listen(Session, name, listener)

    def of(self, response: Response) -> RoundTrips:
        """What the request ``response`` answers did."""
        return self._by_request[response.headers[REQUEST_ID_HEADER]]

    def stop(self) -> None:
        for name, listener in self._listeners.items():
            event.remove(self._engine, name, listener)
        for name, listener in self._orm_listeners.items():
            event.remove(Session, name, listener)

    def _current(self) -> RoundTrips:
        return self._by_request[current_request_id()]

    def _statement(self, *args: Any) -> None:
        statement: str = args[2]
        self._current().statements.append(statement)

    def _begin(self, *_: Any) -> None:
        self._current().transactions += 1

    def _checkout(self, *_: Any) -> None:
        current = self._current()
        current.checkouts += 1
        current.held += 1
        current.most_held = max(current.most_held, current.held)

    def _checkin(self, *_: Any) -> None:
        self._current().held -= 1

    def _orm_load(self, *_: Any) -> None:
        self._current().orm_loads += 1

    def _orm_flush(self, *_: Any) -> None:
        self._current().orm_flushes += 1
