"""Domain events are values: immutable, equal by their fields, each with a
topic of its own."""

import dataclasses
from decimal import Decimal
from uuid import UUID

import pytest

from app.domain.events.order_placed import OrderPlaced
from app.domain.events.user_registered import UserRegistered
from app.domain.value_objects.ids import OrderId, UserId

USER = UserId(UUID(int=1))


def test_each_event_has_its_own_topic() -> None:
    assert UserRegistered.topic == "user.registered"
    assert OrderPlaced.topic == "order.placed"


def test_events_are_immutable_values() -> None:
    event = OrderPlaced(
        order_id=OrderId(UUID(int=2)), user_id=USER, total=Decimal("9.50")
    )

    assert event == OrderPlaced(
        order_id=OrderId(UUID(int=2)), user_id=USER, total=Decimal("9.50")
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.total = Decimal(0)  # type: ignore[misc]


def test_the_topic_is_not_a_field() -> None:
    fields = [field.name for field in dataclasses.fields(UserRegistered)]

    assert fields == ["user_id", "email"]
