from typing import Protocol

from app.domain.value_objects.password import PasswordHash, RawPassword


class PasswordHasher(Protocol):
    """Hashes passwords and checks them against stored hashes.

    Hashing is deliberately slow, so implementations run it off the event
    loop with bounded capacity. When that capacity is exhausted both methods
    fail at once with the implementation's "busy" error instead of queueing
    without limit.
    """

    async def hash(self, raw_password: RawPassword) -> PasswordHash: ...

    async def verify(
        self, raw_password: RawPassword, password_hash: PasswordHash
    ) -> bool:
        """True when ``raw_password`` produced ``password_hash``."""
        ...
