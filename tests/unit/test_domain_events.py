"""Domain events are values: immutable, equal by their fields, each with a
topic of its own."""

import dataclasses
import importlib
import pkgutil
from uuid import UUID

import pytest

import app.domain.events as events_package
from app.domain.events.domain_event import DomainEvent
from app.domain.events.user_registered import UserRegistered
from app.domain.value_objects.ids import UserId

USER = UserId(UUID(int=1))


def domain_events() -> list[type[DomainEvent]]:
    """Every event class defined in a module of app.domain.events."""
    found: list[type[DomainEvent]] = []
    for info in pkgutil.iter_modules(events_package.__path__):
        module = importlib.import_module(f"{events_package.__name__}.{info.name}")
        found.extend(
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, DomainEvent)
            and value is not DomainEvent
            and value.__module__ == module.__name__
        )
    return found


def test_each_event_has_its_own_topic() -> None:
    topics = [event.topic for event in domain_events()]

    assert UserRegistered.topic == "user.registered"
    assert "user.registered" in topics
    assert len(set(topics)) == len(topics), sorted(topics)


def test_events_are_immutable_values() -> None:
    event = UserRegistered(user_id=USER, email="a@example.com")

    assert event == UserRegistered(user_id=USER, email="a@example.com")
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.email = "b@example.com"  # type: ignore[misc]


def test_the_topic_is_not_a_field() -> None:
    fields = [field.name for field in dataclasses.fields(UserRegistered)]

    assert fields == ["user_id", "email"]
