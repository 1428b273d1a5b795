from dataclasses import dataclass

from argon2 import PasswordHasher as Argon2Hasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.domain.ports.password_hasher import PasswordHasher
from app.domain.value_objects.password import PasswordHash, RawPassword
from app.infrastructure.hashing_pool import HashingPool


@dataclass(frozen=True, slots=True)
class Argon2Config:
    """argon2id cost parameters (the library's defaults follow RFC 9106)."""

    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 4


class Argon2PasswordHasher(PasswordHasher):
    """argon2id on the hashing pool; raises PasswordHasherBusyError under overload."""

    def __init__(self, pool: HashingPool, config: Argon2Config) -> None:
        self._pool = pool
        self._argon2 = Argon2Hasher(
            time_cost=config.time_cost,
            memory_cost=config.memory_cost_kib,
            parallelism=config.parallelism,
        )

    async def hash(self, raw_password: RawPassword) -> PasswordHash:
        digest = await self._pool.run(self._argon2.hash, raw_password.value)
        return PasswordHash(digest)

    async def verify(
        self, raw_password: RawPassword, password_hash: PasswordHash
    ) -> bool:
        return await self._pool.run(
            self._matches, raw_password.value, password_hash.value
        )

    def _matches(self, raw_password: str, password_hash: str) -> bool:
        try:
            return self._argon2.verify(password_hash, raw_password)
        # A corrupted stored hash is a mismatch, not a crash: argon2 raises
        # UnicodeEncodeError (a ValueError) on non-ASCII text.
        except (VerificationError, InvalidHashError, ValueError):
            return False
