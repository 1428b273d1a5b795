"""Events as JSON payloads: ids and amounts as strings, exact both ways;
malformed payloads are refused naming the field."""

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar
from uuid import UUID

import pytest

from app.domain.events.domain_event import DomainEvent
from app.domain.events.user_registered import UserRegistered
from app.domain.value_objects.ids import UserId
from app.infrastructure.messaging.event_payloads import decode_event, encode_event
from tests.support.events import Deposited

DEPOSIT = Deposited(
    deposit_id=UUID(int=7),
    user_id=UserId(UUID(int=8)),
    amount=Decimal("1234567890.10"),
)


@dataclass(frozen=True, slots=True)
class Noted(DomainEvent):
    topic: ClassVar[str] = "test.noted"

    count: int
    urgent: bool
    note: str | None


def test_ids_and_amounts_travel_as_strings() -> None:
    payload = encode_event(DEPOSIT)

    assert payload == {
        "deposit_id": str(UUID(int=7)),
        "user_id": str(UUID(int=8)),
        "amount": "1234567890.10",
    }


@pytest.mark.parametrize(
    "event",
    [
        DEPOSIT,
        UserRegistered(user_id=UserId(UUID(int=1)), email="a@example.com"),
        Noted(count=3, urgent=False, note=None),
        Noted(count=0, urgent=True, note="hello"),
    ],
    ids=["amount", "user", "none", "text"],
)
def test_an_event_survives_json_both_ways(event: DomainEvent) -> None:
    payload = json.loads(json.dumps(encode_event(event)))

    assert decode_event(type(event), payload) == event


def test_keys_the_event_does_not_have_are_ignored() -> None:
    payload = {**encode_event(DEPOSIT), "currency": "EUR"}

    assert decode_event(Deposited, payload) == DEPOSIT


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": None}, "amount"),
        ({"amount": 12.5}, "amount"),
        ({"amount": "twelve"}, "amount"),
        ({"user_id": "not-a-uuid"}, "user_id"),
    ],
    ids=["null", "number", "not-a-decimal", "not-a-uuid"],
)
def test_a_malformed_field_is_refused_by_name(
    change: dict[str, object], field: str
) -> None:
    payload = {**encode_event(DEPOSIT), **change}

    with pytest.raises(ValueError, match=f"Deposited.{field}"):
        decode_event(Deposited, payload)


def test_a_missing_field_is_refused_by_name() -> None:
    payload = encode_event(DEPOSIT)
    del payload["deposit_id"]

    with pytest.raises(ValueError, match="'deposit_id'"):
        decode_event(Deposited, payload)


def test_a_bool_is_not_an_int_and_an_int_is_not_a_bool() -> None:
    with pytest.raises(ValueError, match=r"Noted\.count"):
        decode_event(Noted, {"count": True, "urgent": False, "note": None})
    with pytest.raises(ValueError, match=r"Noted\.urgent"):
        decode_event(Noted, {"count": 1, "urgent": 1, "note": None})


def test_a_field_type_without_an_encoding_is_refused() -> None:
    @dataclass(frozen=True, slots=True)
    class Odd(DomainEvent):
        topic: ClassVar[str] = "test.odd"
        when: object

    with pytest.raises(TypeError, match=r"Odd\.when"):
        encode_event(Odd(when=object()))
