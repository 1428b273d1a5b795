"""OrderPlaced: its topic, a value, and its JSON payload (what the worker's
consumers read)."""

import dataclasses
import json
from decimal import Decimal
from uuid import UUID

import pytest

from app.domain.events.order_placed import OrderPlaced
from app.domain.value_objects.ids import OrderId, UserId
from app.infrastructure.messaging.event_payloads import decode_event, encode_event

USER = UserId(UUID(int=1))
ORDER = OrderPlaced(
    order_id=OrderId(UUID(int=7)),
    user_id=UserId(UUID(int=8)),
    total=Decimal("1234567890.10"),
)


def test_order_placed_has_its_own_topic() -> None:
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


def test_ids_and_amounts_travel_as_strings() -> None:
    payload = encode_event(ORDER)

    assert payload == {
        "order_id": str(UUID(int=7)),
        "user_id": str(UUID(int=8)),
        "total": "1234567890.10",
    }


def test_order_placed_survives_json_both_ways() -> None:
    payload = json.loads(json.dumps(encode_event(ORDER)))

    assert decode_event(OrderPlaced, payload) == ORDER
