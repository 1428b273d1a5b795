from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.event import listen
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from app.application.ports.event_outbox import EventOutbox
from app.domain.events.domain_event import DomainEvent
from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.messaging.event_payloads import encode_event
from app.infrastructure.messaging.outbox_wakeup import OutboxWakeup
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.base import table_of
from app.infrastructure.persistence.models.outbox_message import OutboxMessageModel

# Built once, on the table: an ORM object added to the session cost its
# flush at commit about twice the CPU of this insert.
_INSERT = insert(table_of(OutboxMessageModel))
# In the session's info from its first row until the commit: what to wake.
_WAKEUP = "outbox_wakeup"


class SqlaEventOutbox(EventOutbox):
    """Inserts a row into outbox_messages in the request's session when an
    event is added, so the event is committed (or rolled back) with the
    change it reports, in the order events were added. The commit that
    stores rows wakes the OutboxRelay, which publishes them."""

    def __init__(self, session: AsyncSession, wakeup: OutboxWakeup) -> None:
        self._session = session
        self._wakeup = wakeup

    async def add(self, event: DomainEvent) -> None:
        row = {
            "topic": event.topic,
            "payload": encode_event(event),
            "created_at": datetime.now(UTC),
        }
        try:
            await self._session.execute(_INSERT, row)
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
        # The listener is a module function, given the wakeup through the
        # session: a method of this adapter would make the session hold the
        # adapter that holds it, a cycle that outlives the request until the
        # cyclic garbage collector runs (every placement's session, its
        # identity map and events, about 22 objects).
        info = self._session.info
        if _WAKEUP not in info:
            info[_WAKEUP] = self._wakeup
            listen(self._session.sync_session, "after_commit", _wake_relay, once=True)


def _wake_relay(session: Session) -> None:
    wakeup: OutboxWakeup | None = session.info.pop(_WAKEUP, None)
    if wakeup is not None:
        wakeup.notify()
