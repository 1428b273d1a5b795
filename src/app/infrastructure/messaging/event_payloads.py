"""Domain events as JSON objects, and back.

A payload holds the event's fields by name. UUIDs (ids) and Decimals
(amounts) travel as strings: JSON numbers would lose a Decimal's exactness,
and consumers in other languages read both as text without surprises.
Strings, integers, booleans and None go as they are. Decoding ignores keys
the event does not have, so a producer may add fields before its consumers
know them.
"""

import dataclasses
import typing
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from uuid import UUID

from app.domain.events.domain_event import DomainEvent

E = TypeVar("E", bound=DomainEvent)

_PLAIN = (str, int, bool)


def encode_event(event: DomainEvent) -> dict[str, object]:
    """The event's fields as a JSON-ready dict. A field of another type
    raises TypeError: add its encoding here first."""
    payload: dict[str, object] = {}
    for field in dataclasses.fields(event):
        value = getattr(event, field.name)
        if isinstance(value, UUID | Decimal):
            payload[field.name] = str(value)
        elif value is None or isinstance(value, _PLAIN):
            payload[field.name] = value
        else:
            raise TypeError(
                f"{type(event).__name__}.{field.name}: cannot encode "
                f"{type(value).__name__} in an event payload"
            )
    return payload


def decode_event(event_type: type[E], payload: typing.Mapping[str, object]) -> E:
    """The event ``payload`` encodes. A missing field or a value of the wrong
    shape raises ValueError naming the field."""
    values: dict[str, Any] = {}
    for name, annotation in _fields_of(event_type):
        if name not in payload:
            raise ValueError(f"{event_type.__name__}: no {name!r} in the payload")
        try:
            values[name] = _decode(annotation, payload[name])
        except (TypeError, ValueError, InvalidOperation) as err:
            raise ValueError(f"{event_type.__name__}.{name}: {err}") from err
    return event_type(**values)


# Each event type's fields, names and annotations, resolved once: a consumer
# decodes every message, and resolving the annotations (string ones
# included) took longer than the decoding.
_FIELDS: dict[type[DomainEvent], tuple[tuple[str, object], ...]] = {}


def _fields_of(event_type: type[DomainEvent]) -> tuple[tuple[str, object], ...]:
    fields = _FIELDS.get(event_type)
    if fields is None:
        hints = typing.get_type_hints(event_type)
        fields = tuple((f.name, hints[f.name]) for f in dataclasses.fields(event_type))
        _FIELDS[event_type] = fields
    return fields


def _decode(annotation: object, value: object) -> object:
    optional = type(None) in typing.get_args(annotation)
    if optional and value is None:
        return None
    if optional:
        # X | None: the value must be an X.
        [annotation] = [a for a in typing.get_args(annotation) if a is not type(None)]
    # A NewType (UserId) decodes as the type it names (UUID).
    annotation = getattr(annotation, "__supertype__", annotation)
    if annotation in (UUID, Decimal):
        if not isinstance(value, str):
            raise TypeError(f"expected a string, got {type(value).__name__}")
        return UUID(value) if annotation is UUID else Decimal(value)
    if annotation in _PLAIN and type(value) is annotation:
        return value
    raise TypeError(f"expected {annotation}, got {type(value).__name__}")
