from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID


class UserSortField(StrEnum):
    EMAIL = "email"
    ROLE = "role"


@dataclass(frozen=True, slots=True)
class UserView:
    id: UUID
    email: str
    role: str
    is_active: bool
