"""The bearer token: read from the request's ``Authorization`` header.

API clients that do not keep cookies send the token log-in issues (the
session cookie's value) as ``Authorization: Bearer <token>`` (RFC 6750).
The token is checked against the same auth_sessions rows as the cookie: it
is only the way the token travels that differs, so nothing is written back
onto the response.
"""

import re
from dataclasses import dataclass

from starlette.requests import Request

from app.application.exceptions import AuthenticationError

SCHEME = "Bearer"

# RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" /
# "~" / "+" / "/" ) *"="
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_MAX_TOKEN_LENGTH = 512


@dataclass(frozen=True, slots=True)
class BearerTokenTransport:
    """Request-scoped access to the bearer token of the request."""

    request: Request

    def read_token(self) -> str | None:
        """The token, or None when the request has no Authorization header.

        Raises AuthenticationError when the header is there but is not
        ``Bearer <token>``: a client that sends credentials the wrong way is
        told so, rather than treated as anonymous.
        """
        header = self.request.headers.get("authorization")
        if header is None:
            return None
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != SCHEME.lower():
            # The header's value is not repeated: it may be a credential.
            raise AuthenticationError(
                f"The Authorization header must use the {SCHEME} scheme: "
                f"'Authorization: {SCHEME} <token>'."
            )
        token = token.strip()
        if (
            not token
            or len(token) > _MAX_TOKEN_LENGTH
            or _TOKEN.fullmatch(token) is None
        ):
            raise AuthenticationError(
                f"The bearer token is malformed: send 'Authorization: {SCHEME} "
                "<token>' with the token log-in issued."
            )
        return token
