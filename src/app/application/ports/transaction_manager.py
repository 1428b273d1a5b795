from typing import Protocol


class TransactionManager(Protocol):
    """Makes every change of the current unit of work durable at once.

    Raises what Flusher.flush raises: a domain ConflictError subclass for a
    broken uniqueness rule, DataMapperError when the store fails. After a
    failure nothing of the unit of work is stored.
    """

    async def commit(self) -> None: ...
