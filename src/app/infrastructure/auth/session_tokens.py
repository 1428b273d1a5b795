"""Session tokens: random for the client, hashed for the database.

Only the SHA-256 of a token is stored, so a leaked sessions table does not
let anyone log in.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

_TOKEN_BYTES = 32


@dataclass(frozen=True, slots=True)
class AuthSessionConfig:
    lifetime: timedelta = timedelta(days=14)
    # Sliding expiry: a session used after this much of its lifetime has
    # passed is extended to a full lifetime again. Refreshing on every
    # request would cost a write per request.
    refresh_after: timedelta = timedelta(days=1)

    def needs_refresh(self, expires_at: datetime, now: datetime) -> bool:
        return expires_at - now < self.lifetime - self.refresh_after


def new_token() -> str:
    return secrets.token_urlsafe(_TOKEN_BYTES)


def session_id_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)
