"""With no AMQP_URL, events flow inside the app: a sign-up's UserRegistered
goes through the outbox and the relay to the in-process bus, which hands it
to the subscribed handler, once. On both database engines."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import UUID

import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from app.domain.events.user_registered import UserRegistered
from app.domain.value_objects.ids import UserId
from app.infrastructure.exceptions import DataMapperError
from setup.app_factory import create_app
from setup.config import Settings
from setup.ioc.activation import setting_is_set
from tests.http.conftest import sign_up
from tests.support.messaging import (
    CountRegistrationsProvider,
    Registrations,
    count_registrations,
)
from tests.support.outbox import all_published, outbox_rows, processed_rows
from tests.support.polling import eventually
from tests.support.settings import settings_for

CONSUMER = "count-registrations"
POLL_SECONDS = 0.05


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return settings_for(
        database_url,
        file_storage_root=tmp_path / "files",
        outbox_poll_interval_seconds=POLL_SECONDS,
        messaging_retry_initial_seconds=0.02,
        messaging_retry_max_seconds=0.1,
        consumer_max_attempts=3,
    )


@pytest.fixture
def registrations() -> Registrations:
    return Registrations()


@pytest.fixture
async def app(
    settings: Settings, registrations: Registrations
) -> AsyncIterator[FastAPI]:
    app = create_app(
        settings,
        subscriptions=[count_registrations(CONSUMER)],
        providers=[CountRegistrationsProvider(registrations)],
    )
    async with LifespanManager(app):
        yield app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[AsyncClient]:
    transport = ASGITransport(app)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_a_sign_up_reaches_the_subscribed_handler_once(
    client: AsyncClient, registrations: Registrations, settings: Settings
) -> None:
    assert not setting_is_set(settings, "AMQP_URL")
    user_id = await sign_up(client, "new@example.com", "password-123")

    await registrations.wait_for(1)
    await eventually(lambda: all_published(settings.database_url))
    # Several polls later: the relay does not hand it over again.
    await asyncio.sleep(POLL_SECONDS * 5)

    assert registrations.handled == [
        UserRegistered(user_id=UserId(UUID(user_id)), email="new@example.com")
    ]
    [row] = await outbox_rows(settings.database_url)
    assert row.published_at is not None
    [processed] = await processed_rows(settings.database_url)
    assert (processed.consumer, processed.message_id) == (CONSUMER, str(row.id))


async def test_a_handler_failing_on_the_database_is_retried_until_it_succeeds(
    client: AsyncClient, registrations: Registrations, settings: Settings
) -> None:
    # More failures than consumer_max_attempts: infrastructure errors are
    # never given up.
    registrations.failures.extend(DataMapperError() for _ in range(5))

    await sign_up(client, "new@example.com", "password-123")
    await registrations.wait_for(1)
    await eventually(lambda: all_published(settings.database_url))

    assert registrations.failures == []
    assert len(await processed_rows(settings.database_url)) == 1


async def test_a_handler_bug_is_given_up_after_the_attempts_and_events_go_on(
    client: AsyncClient,
    registrations: Registrations,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    registrations.failures.extend(RuntimeError("bug") for _ in range(3))

    await sign_up(client, "first@example.com", "password-123")
    await sign_up(client, "second@example.com", "password-123")
    await registrations.wait_for(1)
    # Given up, the first row is marked published like the second.
    await eventually(lambda: all_published(settings.database_url))

    assert [event.email for event in registrations.handled] == ["second@example.com"]
    assert registrations.failures == []
    assert any("gives up message" in r.getMessage() for r in caplog.records)
    assert len(await outbox_rows(settings.database_url)) == 2
