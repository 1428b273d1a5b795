"""What the transaction tests share: each runs once where the violation
surfaces on flush, once where it surfaces on commit."""

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy.exc import IntegrityError

from app.domain.exceptions import ConflictError
from app.infrastructure.adapters.sqla_transaction import SqlaTransaction

Step = Callable[[SqlaTransaction], Awaitable[None]]


async def _flush(transaction: SqlaTransaction) -> None:
    await transaction.flush()


async def _commit(transaction: SqlaTransaction) -> None:
    await transaction.commit()


STEPS = pytest.mark.parametrize("step", [_flush, _commit], ids=["flush", "commit"])


def assert_conflict(raised: BaseException, expected: type[ConflictError]) -> None:
    assert type(raised) is expected
    assert isinstance(raised.__cause__, IntegrityError)
