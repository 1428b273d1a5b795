"""Comparing one port member with the adapter member that implements it."""

import functools
import inspect
import typing
from collections.abc import Callable, Iterator
from typing import Any

from add_adapter.checks.type_display import (
    NOT_ANNOTATED,
    contains_type_variable,
    is_plain_class,
    show_type,
)

AnyFunction = Callable[..., Any]


def member_kind(member: object) -> str:
    """How a class member is defined: `method`, `property`, `classmethod`,
    `staticmethod`, or `attribute` for anything else."""
    if isinstance(member, property | functools.cached_property):
        return "property"
    if isinstance(member, classmethod):
        return "classmethod"
    if isinstance(member, staticmethod):
        return "staticmethod"
    if inspect.isfunction(member):
        return "method"
    return "attribute"


def compare_members(
    name: str, port_member: object, adapter_member: object
) -> list[str]:
    """What makes `adapter_member` incompatible with `port_member`, as
    message fragments starting with `method 'name'` / `property 'name'`."""
    port_kind, adapter_kind = member_kind(port_member), member_kind(adapter_member)
    if port_kind != adapter_kind:
        return [
            f"'{name}' is {_a(port_kind)} in the port "
            f"but {_a(adapter_kind)} in the adapter"
        ]
    if port_kind == "property":
        return list(
            _compare_returns(
                f"property '{name}'", _getter(port_member), _getter(adapter_member)
            )
        )
    if port_kind == "attribute":
        return []
    label = "method" if port_kind == "method" else port_kind
    return list(
        _compare_functions(
            f"{label} '{name}'",
            _function(port_member),
            _function(adapter_member),
            skip_first=port_kind != "staticmethod",
        )
    )


def _a(noun: str) -> str:
    """`a method`, `an attribute`."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _getter(member: object) -> AnyFunction:
    getter = (
        member.fget if isinstance(member, property) else getattr(member, "func", None)
    )
    return getter if callable(getter) else _no_annotations


def _no_annotations() -> None:
    """Stands in for a property without a getter."""


def _function(member: object) -> AnyFunction:
    function = getattr(member, "__func__", member)
    assert callable(function)
    return function


def _compare_functions(
    label: str, port: AnyFunction, adapter: AnyFunction, *, skip_first: bool
) -> Iterator[str]:
    port_flavour, adapter_flavour = _flavour(port), _flavour(adapter)
    if port_flavour != adapter_flavour:
        yield (
            f"{label} is {port_flavour} in the port "
            f"but {adapter_flavour} in the adapter"
        )
        return
    port_parameters = _parameters(port, skip_first=skip_first)
    adapter_parameters = _parameters(adapter, skip_first=skip_first)
    if [(p.name, p.kind) for p in port_parameters] != [
        (p.name, p.kind) for p in adapter_parameters
    ]:
        yield (
            f"{label} takes {_show_parameters(port_parameters)} in the port "
            f"but {_show_parameters(adapter_parameters)} in the adapter"
        )
        return
    port_hints, adapter_hints = _type_hints(port), _type_hints(adapter)
    for parameter in port_parameters:
        expected = port_hints.get(parameter.name, NOT_ANNOTATED)
        actual = adapter_hints.get(parameter.name, NOT_ANNOTATED)
        if actual != expected and not contains_type_variable(expected):
            yield (
                f"{label} parameter '{parameter.name}' is '{show_type(actual)}' "
                f"in the adapter but '{show_type(expected)}' in the port"
            )
    yield from _compare_returns(label, port, adapter, port_hints, adapter_hints)


def _compare_returns(
    label: str,
    port: AnyFunction,
    adapter: AnyFunction,
    port_hints: dict[str, object] | None = None,
    adapter_hints: dict[str, object] | None = None,
) -> Iterator[str]:
    """The adapter may return what the port returns or, for plain classes, a
    subclass of it."""
    expected = (port_hints or _type_hints(port)).get("return", NOT_ANNOTATED)
    actual = (adapter_hints or _type_hints(adapter)).get("return", NOT_ANNOTATED)
    if actual == expected or contains_type_variable(expected):
        return
    if (
        is_plain_class(actual)
        and is_plain_class(expected)
        and issubclass(actual, expected)
    ):
        return
    yield (
        f"{label} returns '{show_type(actual)}' in the adapter "
        f"but '{show_type(expected)}' in the port"
    )


def _flavour(function: AnyFunction) -> str:
    if inspect.isasyncgenfunction(function):
        return "an async generator"
    return "async" if inspect.iscoroutinefunction(function) else "not async"


def _parameters(function: AnyFunction, *, skip_first: bool) -> list[inspect.Parameter]:
    parameters = list(inspect.signature(function).parameters.values())
    return parameters[1:] if skip_first else parameters


def _show_parameters(parameters: list[inspect.Parameter]) -> str:
    """`(user_id, /, limit, *, offset)`: names and kinds, no annotations."""
    shown: list[str] = []
    keyword_only_marked = False
    for index, parameter in enumerate(parameters):
        kind = parameter.kind
        if kind is inspect.Parameter.VAR_POSITIONAL:
            shown.append(f"*{parameter.name}")
            keyword_only_marked = True
            continue
        if kind is inspect.Parameter.KEYWORD_ONLY and not keyword_only_marked:
            shown.append("*")
            keyword_only_marked = True
        shown.append(
            f"**{parameter.name}"
            if kind is inspect.Parameter.VAR_KEYWORD
            else parameter.name
        )
        is_last_positional_only = kind is inspect.Parameter.POSITIONAL_ONLY and (
            index + 1 == len(parameters)
            or parameters[index + 1].kind is not inspect.Parameter.POSITIONAL_ONLY
        )
        if is_last_positional_only:
            shown.append("/")
    return f"({', '.join(shown)})"


def _type_hints(function: AnyFunction) -> dict[str, object]:
    """Annotations resolved to objects; the raw ones (strings, maybe) if they
    do not resolve, so that a mismatch still shows what is written."""
    try:
        return dict(typing.get_type_hints(function))
    except Exception:  # any failure to resolve falls back the same way
        return dict(getattr(function, "__annotations__", {}))
