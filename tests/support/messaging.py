"""Consumers and handlers for the messaging tests: they record what they
get, so a test can wait for it."""

import asyncio
from dataclasses import dataclass, field
from typing import Any

from dishka import Provider, Scope, provide

from app.application.ports.transaction_manager import TransactionManager
from app.domain.events.user_registered import UserRegistered
from app.infrastructure.messaging.incoming_message import IncomingMessage
from setup.messaging.subscription import Subscription

WAIT_SECONDS = 10.0


class RecordingConsumer:
    """A MessageConsumer of ``topic`` that keeps every message it is given;
    ``failures`` makes that many calls raise first."""

    def __init__(self, topic: str, name: str = "recorder") -> None:
        self._topic = topic
        self._name = name
        self.messages: list[IncomingMessage] = []
        self.failures: list[Exception] = []

    @property
    def name(self) -> str:
        return self._name

    @property
    def topic(self) -> str:
        return self._topic

    async def consume(self, message: IncomingMessage) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.messages.append(message)


@dataclass
class Registrations:
    """What the test handler below committed, in order (app scope)."""

    handled: list[UserRegistered] = field(default_factory=list)
    # Makes the next handler calls raise these, before anything is stored.
    failures: list[Exception] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def record(self, event: UserRegistered) -> None:
        self.handled.append(event)
        self._changed.set()

    async def wait_for(self, count: int, within: float = WAIT_SECONDS) -> None:
        """Returns once ``count`` events were handled, or fails the test."""
        async with asyncio.timeout(within):
            while len(self.handled) < count:
                self._changed.clear()
                await self._changed.wait()


class CountRegistrations:
    """A use case handling UserRegistered: its effect is committed through
    the TransactionManager (with the consumer's record of the message) and
    counted only once that commit succeeded."""

    def __init__(
        self, registrations: Registrations, transaction: TransactionManager
    ) -> None:
        self._registrations = registrations
        self._transaction = transaction

    async def execute(self, event: UserRegistered) -> None:
        if self._registrations.failures:
            raise self._registrations.failures.pop(0)
        await self._transaction.commit()
        self._registrations.record(event)


class CountRegistrationsProvider(Provider):
    """Provides the test handler, and the Registrations a test reads."""

    handler = provide(CountRegistrations, scope=Scope.REQUEST)

    def __init__(self, registrations: Registrations) -> None:
        super().__init__()
        self._registrations = registrations

    @provide(scope=Scope.APP)
    def registrations(self) -> Registrations:
        return self._registrations


def count_registrations(consumer: str = "count-registrations") -> Subscription[Any]:
    return Subscription(UserRegistered, CountRegistrations, consumer=consumer)
