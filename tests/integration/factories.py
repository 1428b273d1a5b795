"""Entities and stored rows for the adapter tests."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.domain.entities.user import User
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import UserId
from app.domain.value_objects.password import PasswordHash
from app.domain.value_objects.user_role import UserRole
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction
from app.infrastructure.adapters.sqla_user_data_mapper import SqlaUserDataMapper
from app.infrastructure.adapters.uuid4_id_generator import Uuid4IdGenerator

# The ids of every factory's entities, this module's and other aggregates'.
id_generator = Uuid4IdGenerator()

SessionFactory = async_sessionmaker[AsyncSession]


def new_user(
    email: str = "alice@example.com",
    *,
    role: UserRole = UserRole.USER,
    is_active: bool = True,
    password_hash: str = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
) -> User:
    return User(
        id=UserId(id_generator.new_id()),
        email=Email(email),
        password_hash=PasswordHash(password_hash),
        role=role,
        is_active=is_active,
    )


async def store_users(session_factory: SessionFactory, *users: User) -> None:
    """Adds and commits the users in a unit of work of their own."""
    async with session_factory() as session:
        mapper = SqlaUserDataMapper(session)
        for user in users:
            await mapper.add(user)
        await SqlaTransaction(session).commit()


async def load_user(session_factory: SessionFactory, user_id: UserId) -> User | None:
    """The user as a fresh session sees it."""
    async with session_factory() as session:
        return await SqlaUserDataMapper(session).get_by_id(user_id)
