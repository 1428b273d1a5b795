"""The shape of a use case that reacts to a domain event (a subscriber)."""

from typing import Protocol, TypeVar

from app.domain.events.domain_event import DomainEvent

E_contra = TypeVar("E_contra", bound=DomainEvent, contravariant=True)


class EventHandler(Protocol[E_contra]):
    """A use case subscribed to an event type (by the composition root).

    ``execute`` runs after the event's commit, in a unit of work of its own,
    once per delivered message: a redelivered message is recognised and
    skipped. It stores its changes with one TransactionManager.commit, which
    also records the message as handled; raising makes the message come
    again later, with nothing of this run stored.
    """

    async def execute(self, event: E_contra) -> None: ...
