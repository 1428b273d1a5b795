from typing import Protocol

from app.domain.events.domain_event import DomainEvent


class EventOutbox(Protocol):
    """Records domain events for their subscribers, as part of the unit of work.

    An event added is stored by the next TransactionManager.commit together
    with the changes it reports, and only if that commit succeeds: after a
    failed commit, or without one, it is dropped with them. Stored events are
    delivered to subscribers after the commit, at least once (a subscriber
    may see one twice, and must tolerate it), in the order they were added
    unless a delivery had to be retried.
    """

    async def add(self, event: DomainEvent) -> None:
        """Record ``event`` in the current unit of work. Raises DataMapperError
        when the store fails (an implementation writing at commit reports
        that from TransactionManager.commit instead)."""
        ...
