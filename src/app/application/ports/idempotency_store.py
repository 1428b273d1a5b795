from dataclasses import dataclass
from typing import Protocol

from app.domain.exceptions import DomainValidationError

MAX_IDEMPOTENCY_KEY_LENGTH = 255


@dataclass(frozen=True, slots=True)
class IdempotencyKey:
    """A client's Idempotency-Key for one kind of operation.

    ``operation`` names what the key is for ("place-order"), ``owner`` whose
    key it is (a user's id): keys of different operations or owners never
    meet. ``value`` is the key the client sent: 1 to 255 printable ASCII
    characters, else DomainValidationError naming ``idempotency_key``.
    """

    operation: str
    owner: str
    value: str

    def __post_init__(self) -> None:
        if not 1 <= len(self.value) <= MAX_IDEMPOTENCY_KEY_LENGTH:
            raise DomainValidationError(
                "idempotency_key",
                f"An idempotency key has 1 to {MAX_IDEMPOTENCY_KEY_LENGTH} characters.",
            )
        if not self.value.isascii() or not self.value.isprintable():
            raise DomainValidationError(
                "idempotency_key", "An idempotency key is printable ASCII."
            )


@dataclass(frozen=True, slots=True)
class StoredRequest:
    """What the store holds for a key someone else claimed: the fingerprint
    of the request that first used it, and its result once it finished
    (None while a claim on it runs)."""

    fingerprint: str
    result: str | None


class IdempotencyStore(Protocol):
    """Remembers, per IdempotencyKey, which request used it and what it
    answered, shared by every process of the service.

    A key is *claimed* by one request at a time, for a lease: whoever claims
    it runs the operation, then completes it with its result or releases it
    after a failure. A claim whose lease ran out (its process died) may be
    taken over. Every method raises DataMapperError when the store fails.
    """

    async def claim(
        self, key: IdempotencyKey, fingerprint: str, lease_seconds: float
    ) -> StoredRequest | None:
        """Claims ``key`` for ``lease_seconds`` and returns None when the key
        is new, or holds the same ``fingerprint`` with no result and no live
        claim. Otherwise changes nothing and returns what is stored: another
        fingerprint, a result, or a live claim (result None). Two calls at
        the same time never both return None."""
        ...

    async def complete(self, key: IdempotencyKey, result: str) -> None:
        """Stores the claimed key's result and ends its claim: every later
        claim with the same fingerprint returns this result."""
        ...

    async def release(self, key: IdempotencyKey) -> None:
        """Ends the claim without a result: the next request with the same
        fingerprint claims the key and runs again."""
        ...
