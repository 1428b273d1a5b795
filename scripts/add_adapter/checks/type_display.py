"""Showing annotations in messages the way they are written in code."""

import inspect
import re
import typing
from typing import TypeGuard

_MODULE_PREFIX = re.compile(r"\b(?:[A-Za-z_][A-Za-z0-9_]*\.)+(?=[A-Za-z_])")

NOT_ANNOTATED: object = inspect.Parameter.empty
"""Stands for a missing annotation."""


def show_type(annotation: object) -> str:
    """`UserId`, `list[User]`, `int | None`: names without their modules."""
    if annotation is NOT_ANNOTATED:
        return "unannotated"
    if annotation is None or annotation is type(None):
        return "None"
    if isinstance(annotation, str):
        return annotation
    if is_plain_class(annotation) or hasattr(annotation, "__supertype__"):
        return str(getattr(annotation, "__qualname__", None) or annotation)
    return _MODULE_PREFIX.sub("", repr(annotation))


def is_plain_class(annotation: object) -> TypeGuard[type]:
    """A class such as `User`, not a parametrized generic like `list[int]`."""
    return isinstance(annotation, type) and typing.get_origin(annotation) is None


def contains_type_variable(annotation: object) -> bool:
    """Whether a TypeVar occurs anywhere in `annotation`: generic ports are
    parametrized by their adapters, so such annotations are not compared."""
    if isinstance(annotation, typing.TypeVar):
        return True
    return any(
        contains_type_variable(argument) for argument in typing.get_args(annotation)
    )
