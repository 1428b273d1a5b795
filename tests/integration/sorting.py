"""The order a reader's page must follow: its sort, ties broken by id."""

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from app.application.common.pagination import SortOrder

T = TypeVar("T")
SortKey = str | Decimal


def expected_ids(
    items: list[T],
    key: Callable[[T], SortKey],
    id_of: Callable[[T], uuid.UUID],
    order: SortOrder,
) -> list[uuid.UUID]:
    """Sorted by key in ``order``, ties always by ascending id."""
    by_id = sorted(items, key=id_of)
    ordered = sorted(by_id, key=key, reverse=order is SortOrder.DESC)
    return [id_of(item) for item in ordered]
