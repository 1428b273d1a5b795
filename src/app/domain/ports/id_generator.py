from typing import Protocol
from uuid import UUID


class IdGenerator(Protocol):
    """Hands out new, unique identifiers for entities; never fails."""

    def new_id(self) -> UUID: ...
