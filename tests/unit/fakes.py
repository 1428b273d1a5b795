"""In-memory fakes of the ports, faithful to the port docstrings (an
aggregate's own data mappers and readers may live in a module of their own,
on the same store and transaction).

``InMemoryStore`` holds what is committed. Each request gets its own
``InMemoryTransaction`` (the unit of work): data mappers, the session issuer and
the access revoker stage changes on it, and only ``commit`` applies them to the
store, all at once and after the uniqueness checks the database makes. Without
a commit, or after a failed one, nothing reaches the store. Readers answer from
the committed store. Entities go in and come out as copies, so a use case
mutating what it loaded changes nothing until it calls ``update`` and commits.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Sequence
from copy import copy
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter
from typing import TypeVar
from uuid import UUID

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.exceptions import AuthenticationError
from app.application.ports.access_revoker import AccessRevoker
from app.application.ports.event_outbox import EventOutbox
from app.application.ports.flusher import Flusher
from app.application.ports.health_probe import HealthProbe
from app.application.ports.identity_provider import IdentityProvider
from app.application.ports.session_issuer import SessionIssuer
from app.application.ports.transaction_manager import TransactionManager
from app.application.ports.user_data_mapper import UserDataMapper
from app.application.ports.user_reader import UserReader
from app.application.query_models.user_view import UserSortField, UserView
from app.domain.entities.order import Order  # demo: orders
from app.domain.entities.product import Product  # demo: catalog
from app.domain.entities.user import User
from app.domain.events.domain_event import DomainEvent
from app.domain.exceptions import (
    ConflictError,
    EmailAlreadyRegisteredError,
    OrderRequestKeyTakenError,  # demo: orders
    ProductNameTakenError,  # demo: catalog
)
from app.domain.ports.id_generator import IdGenerator
from app.domain.ports.password_hasher import PasswordHasher
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import UserId
from app.domain.value_objects.password import PasswordHash, RawPassword

T = TypeVar("T")
_session_numbers = itertools.count(1)


def new_session_token() -> str:
    return f"session-{next(_session_numbers)}"


@dataclass
class InMemoryStore:
    """The committed state: entity copies keyed by id, sessions by token, and
    the domain events recorded in the outbox, oldest first."""

    users: dict[UUID, User] = field(default_factory=dict)
    sessions: dict[str, UserId] = field(default_factory=dict)
    events: list[DomainEvent] = field(default_factory=list)
    products: dict[UUID, Product] = field(default_factory=dict)  # demo: catalog
    # region demo: orders
    orders: dict[UUID, Order] = field(default_factory=dict)
    # When each order was first stored (placed_at), on time.monotonic().
    placed_at: dict[UUID, float] = field(default_factory=dict)
    # endregion
    commits: int = 0

    def sessions_of(self, user_id: UUID) -> set[str]:
        return {token for token, owner in self.sessions.items() if owner == user_id}

    def copy(self) -> InMemoryStore:
        # Stored entities are never mutated in place, so copying each
        # collection suffices.
        return InMemoryStore(**{name: copy(getattr(self, name)) for name in _STATE})

    def take(self, state: InMemoryStore) -> None:
        """Becomes ``state`` (what a commit made of a copy of this store)."""
        for name in _STATE:
            setattr(self, name, getattr(state, name))


_STATE = tuple(store_field.name for store_field in fields(InMemoryStore))

Change = Callable[[InMemoryStore], None]


def _check_unique(state: InMemoryStore) -> None:
    """The unique constraints of the schema, as the database checks them."""
    emails = [user.email.value for user in state.users.values()]
    _unique(emails, EmailAlreadyRegisteredError)
    # region demo: catalog
    _unique([p.name.value for p in state.products.values()], ProductNameTakenError)
    # endregion
    # region demo: orders
    _unique(
        [(order.user_id, order.request_key) for order in state.orders.values()],
        OrderRequestKeyTakenError,
    )
    # endregion


def _unique(keys: Sequence[Hashable], conflict: type[ConflictError]) -> None:
    if len(keys) != len(set(keys)):
        raise conflict


class InMemoryTransaction(Flusher, TransactionManager):
    """One unit of work: staged changes, applied to the store only on commit."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._pending: list[Change] = []

    def stage(self, change: Change) -> None:
        self._pending.append(change)

    async def flush(self) -> None:
        self._apply()

    async def commit(self) -> None:
        state = self._apply()
        state.commits += 1
        self._store.take(state)
        self._pending.clear()

    def _apply(self) -> InMemoryStore:
        state = self._store.copy()
        for change in self._pending:
            change(state)
        try:
            _check_unique(state)
        except ConflictError:
            # Like a rollback: the whole unit of work is lost.
            self._pending.clear()
            raise
        return state


class InMemoryUserDataMapper(UserDataMapper):
    def __init__(self, store: InMemoryStore, transaction: InMemoryTransaction) -> None:
        self._store = store
        self._transaction = transaction
        self._known: set[UUID] = set()

    async def add(self, user: User) -> None:
        self._known.add(user.id)
        self._transaction.stage(_put_user(replace(user)))

    async def get_by_id(self, user_id: UserId) -> User | None:
        return self._loaded(self._store.users.get(user_id))

    async def get_by_email(self, email: Email) -> User | None:
        found = (u for u in self._store.users.values() if u.email == email)
        return self._loaded(next(found, None))

    async def update(self, user: User) -> None:
        if user.id not in self._known:
            raise LookupError(f"User {user.id} was never loaded or added.")
        self._transaction.stage(_put_user(replace(user)))

    def _loaded(self, user: User | None) -> User | None:
        if user is None:
            return None
        self._known.add(user.id)
        return replace(user)


def _put_user(user: User) -> Change:
    def change(state: InMemoryStore) -> None:
        state.users[user.id] = user

    return change


def page_of(
    items: list[T], sort_key: str, order: SortOrder, pagination: Pagination
) -> Page[T]:
    # Sort by id first: the sort is stable, so the id breaks ties both ways.
    ordered = sorted(items, key=attrgetter("id"))
    ordered.sort(key=attrgetter(sort_key), reverse=order is SortOrder.DESC)
    end = pagination.offset + pagination.limit
    return Page(
        items=ordered[pagination.offset : end],
        total=len(items),
        limit=pagination.limit,
        offset=pagination.offset,
    )


def user_view(user: User) -> UserView:
    return UserView(
        id=user.id,
        email=user.email.value,
        role=user.role.value,
        is_active=user.is_active,
    )


class InMemoryUserReader(UserReader):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get_user(self, user_id: UUID) -> UserView | None:
        user = self._store.users.get(user_id)
        return None if user is None else user_view(user)

    async def list_users(
        self, pagination: Pagination, sort_by: UserSortField, order: SortOrder
    ) -> Page[UserView]:
        views = [user_view(user) for user in self._store.users.values()]
        return page_of(views, sort_by.value, order, pagination)


class InMemoryEventOutbox(EventOutbox):
    """Stages each event; the commit appends it to the store's events."""

    def __init__(self, transaction: InMemoryTransaction) -> None:
        self._transaction = transaction

    async def add(self, event: DomainEvent) -> None:
        def change(state: InMemoryStore) -> None:
            state.events.append(event)

        self._transaction.stage(change)


class FakeIdentityProvider(IdentityProvider):
    """Answers with the configured user id; None means the request has no session."""

    def __init__(self, user_id: UserId | None) -> None:
        self._user_id = user_id

    async def current_user_id(self) -> UserId:
        if self._user_id is None:
            raise AuthenticationError
        return self._user_id


class InMemorySessionIssuer(SessionIssuer):
    """Stages a new session; ``issued`` stands for the cookies handed out."""

    def __init__(self, transaction: InMemoryTransaction) -> None:
        self._transaction = transaction
        self.issued: list[str] = []

    async def start_session(self, user_id: UserId) -> None:
        token = new_session_token()
        self.issued.append(token)

        def change(state: InMemoryStore) -> None:
            state.sessions[token] = user_id

        self._transaction.stage(change)


class InMemoryAccessRevoker(AccessRevoker):
    """Stages session removals; ``current_session`` is the request's cookie."""

    def __init__(
        self, transaction: InMemoryTransaction, current_session: str | None
    ) -> None:
        self._transaction = transaction
        self._current_session = current_session

    async def revoke_current_session(self) -> None:
        token = self._current_session
        if token is None:
            return

        def change(state: InMemoryStore) -> None:
            state.sessions.pop(token, None)

        self._transaction.stage(change)

    async def revoke_all_sessions(self, user_id: UserId) -> None:
        def change(state: InMemoryStore) -> None:
            for token in state.sessions_of(user_id):
                del state.sessions[token]

        self._transaction.stage(change)


def fake_hash(raw_password: str) -> PasswordHash:
    return PasswordHash("hashed:" + raw_password[::-1])


class FakePasswordHasher(PasswordHasher):
    """Deterministic and instant: "hashed:" followed by the reversed password.

    Counts its calls (``calls``): each stands for one slow argon2 run, so a
    test can tell how much hashing work a use case did.
    """

    def __init__(self) -> None:
        self.calls = 0

    async def hash(self, raw_password: RawPassword) -> PasswordHash:
        self.calls += 1
        return fake_hash(raw_password.value)

    async def verify(
        self, raw_password: RawPassword, password_hash: PasswordHash
    ) -> bool:
        self.calls += 1
        return fake_hash(raw_password.value) == password_hash


class SequentialIdGenerator(IdGenerator):
    """UUIDs 1, 2, 3, ... so ids (and ties broken by id) are predictable."""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)

    def new_id(self) -> UUID:
        return UUID(int=next(self._numbers))


class FakeHealthProbe(HealthProbe):
    def __init__(self, *, healthy: bool) -> None:
        self.healthy = healthy

    async def is_healthy(self) -> bool:
        return self.healthy
