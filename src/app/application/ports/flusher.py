from typing import Protocol


class Flusher(Protocol):
    """Sends pending data-mapper changes to the store inside the open transaction.

    Raises a domain ConflictError subclass (e.g. EmailAlreadyRegisteredError)
    when a change breaks a uniqueness rule, and the infrastructure
    DataMapperError when the store cannot be reached.
    """

    async def flush(self) -> None: ...
