from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.application.ports.user_data_mapper import UserDataMapper
from app.domain.entities.user import User
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import UserId
from app.domain.value_objects.password import PasswordHash
from app.domain.value_objects.user_role import UserRole
from app.infrastructure.exceptions import DataMapperError
from app.infrastructure.persistence.database import DATABASE_ERRORS
from app.infrastructure.persistence.models.user import UserModel


class SqlaUserDataMapper(UserDataMapper):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, user: User) -> None:
        row = UserModel(id=user.id)
        _copy_to_row(user, row)
        self._session.add(row)

    async def get_by_id(self, user_id: UserId) -> User | None:
        try:
            row = await self._session.get(UserModel, user_id)
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
        return None if row is None else _to_domain(row)

    async def get_by_email(self, email: Email) -> User | None:
        try:
            row = await self._session.scalar(
                select(UserModel).where(UserModel.email == email.value)
            )
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
        return None if row is None else _to_domain(row)

    async def update(self, user: User) -> None:
        try:
            row = await self._session.get(UserModel, user.id)
        except DATABASE_ERRORS as err:
            raise DataMapperError from err
        if row is None:
            raise DataMapperError(f"User {user.id} was never loaded or added.")
        _copy_to_row(user, row)


def _copy_to_row(user: User, row: UserModel) -> None:
    row.email = user.email.value
    row.password_hash = user.password_hash.value
    row.role = user.role.value
    row.is_active = user.is_active


def _to_domain(row: UserModel) -> User:
    return User(
        id=UserId(row.id),
        email=Email(row.email),
        password_hash=PasswordHash(row.password_hash),
        role=UserRole(row.role),
        is_active=row.is_active,
    )
