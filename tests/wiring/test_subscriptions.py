"""Subscriptions: each handler resolves from the container in a scope of its
own, without an HTTP request (consumers have none); every subscription
becomes one consumer of its event's topic; names are checked."""

from pathlib import Path

import pytest

from app.domain.events.user_registered import UserRegistered
from app.infrastructure.messaging.message_consumers import MessageConsumers
from setup.ioc.registry import make_container
from setup.messaging.subscription import Subscription
from setup.subscriptions import SUBSCRIPTIONS
from tests.support.databases import sqlite_url
from tests.support.messaging import (
    CountRegistrations,
    CountRegistrationsProvider,
    Registrations,
    count_registrations,
)
from tests.support.settings import settings_for


async def test_every_handler_of_the_service_resolves_outside_a_request(
    tmp_path: Path,
) -> None:
    container = make_container(settings_for(sqlite_url(tmp_path / "app.db")))
    try:
        consumers = await container.get(MessageConsumers)
        async with container() as scope:
            for subscription in SUBSCRIPTIONS:
                assert isinstance(
                    await scope.get(subscription.handler), subscription.handler
                )
    finally:
        await container.close()

    assert len(consumers) == len(SUBSCRIPTIONS)


async def test_a_subscription_becomes_a_consumer_of_its_events_topic(
    tmp_path: Path,
) -> None:
    container = make_container(
        settings_for(sqlite_url(tmp_path / "app.db")),
        subscriptions=[count_registrations("welcome-mail")],
        providers=[CountRegistrationsProvider(Registrations())],
    )
    try:
        [consumer] = await container.get(MessageConsumers)
        async with container() as scope:
            handler = await scope.get(CountRegistrations)
    finally:
        await container.close()

    assert (consumer.name, consumer.topic) == ("welcome-mail", "user.registered")
    assert isinstance(handler, CountRegistrations)


async def test_two_subscriptions_never_share_a_consumer_name(tmp_path: Path) -> None:
    container = make_container(
        settings_for(sqlite_url(tmp_path / "app.db")),
        subscriptions=[count_registrations("same"), count_registrations("same")],
        providers=[CountRegistrationsProvider(Registrations())],
    )
    try:
        with pytest.raises(ValueError, match="unique: \\['same'\\]"):
            await container.get(MessageConsumers)
    finally:
        await container.close()


@pytest.mark.parametrize("name", ["", "Upper", "with space", "-leading", "x" * 101])
def test_a_consumer_name_must_fit_a_queue_name(name: str) -> None:
    with pytest.raises(ValueError, match="consumer name"):
        Subscription(UserRegistered, CountRegistrations, consumer=name)
