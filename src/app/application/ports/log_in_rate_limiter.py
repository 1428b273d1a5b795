from typing import Protocol


class LogInRateLimiter(Protocol):
    """Counts log-in attempts per account and per client address, so that
    passwords cannot be guessed at speed: not against one account from many
    addresses, nor against many accounts from one address.

    Every attempt counts, whether the account exists or the password is
    right, so the answer never tells which.
    """

    async def count_attempt(self, account: str, client_address: str | None) -> None:
        """Counts one attempt on the account (its email as sent, lower-cased)
        and on the address (None when the caller does not know it: then only
        the account is limited).

        Raises TooManyAttemptsError, whose ``retry_after_seconds`` says when
        the next attempt is allowed, when either has spent its allowance.
        """
        ...
