from dataclasses import dataclass

from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import UserId
from app.domain.value_objects.password import PasswordHash
from app.domain.value_objects.user_role import UserRole


@dataclass(eq=False, kw_only=True, slots=True)
class User:
    id: UserId
    email: Email
    password_hash: PasswordHash
    role: UserRole = UserRole.USER
    is_active: bool = True

    @property
    def is_admin(self) -> bool:
        return self.role is UserRole.ADMIN

    def deactivate(self) -> None:
        self.is_active = False

    def promote_to_admin(self) -> None:
        self.role = UserRole.ADMIN
        self.is_active = True

    def change_password_hash(self, password_hash: PasswordHash) -> None:
        self.password_hash = password_hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, User) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)
