from datetime import UTC, datetime

from sqlalchemy.event import listen
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from app.application.ports.event_outbox import EventOutbox
from app.domain.events.domain_event import DomainEvent
from app.infrastructure.messaging.event_payloads import encode_event
from app.infrastructure.messaging.outbox_wakeup import OutboxWakeup
from app.infrastructure.persistence.models.outbox_message import OutboxMessageModel


class SqlaEventOutbox(EventOutbox):
    """Adds a row to outbox_messages in the request's session, so the event is
    committed (or rolled back) with the change it reports. The commit that
    stores rows wakes the OutboxRelay, which publishes them."""

    def __init__(self, session: AsyncSession, wakeup: OutboxWakeup) -> None:
        self._session = session
        self._wakeup = wakeup
        self._waiting_for_commit = False

    async def add(self, event: DomainEvent) -> None:
        # Written by the commit, whose failure (DataMapperError) is
        # TransactionManager.commit's to report.
        self._session.add(
            OutboxMessageModel(
                topic=event.topic,
                payload=encode_event(event),
                created_at=datetime.now(UTC),
            )
        )
        if not self._waiting_for_commit:
            self._waiting_for_commit = True
            listen(
                self._session.sync_session, "after_commit", self._committed, once=True
            )

    def _committed(self, _session: Session) -> None:
        self._waiting_for_commit = False
        self._wakeup.notify()
