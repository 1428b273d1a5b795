"""Limit/offset pagination and sorting shared by every reader."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from app.domain.exceptions import DomainValidationError

MAX_PAGE_SIZE = 100
T = TypeVar("T")


class SortOrder(StrEnum):
    ASC = "asc"
    DESC = "desc"


@dataclass(frozen=True, slots=True)
class Pagination:
    limit: int = 20
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise DomainValidationError(
                "limit", f"The limit is between 1 and {MAX_PAGE_SIZE}."
            )
        if self.offset < 0:
            raise DomainValidationError("offset", "The offset is not negative.")


# weakref_slot: whoever turns a page into something else may keep the result
# for exactly as long as the page lives (a weak reference to it).
@dataclass(frozen=True, slots=True, weakref_slot=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
