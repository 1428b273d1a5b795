"""A service's name and the names derived from it."""

import re
from dataclasses import dataclass

from service_base.errors import ServiceBaseError

# A distribution name that is also usable in hostnames, queue names and keys.
_VALID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
# What the base calls itself; `new` replaces it.
BASE_NAME = "service-base"


@dataclass(frozen=True, slots=True)
class ServiceName:
    """``library-service``: the distribution name, the OpenAPI title, and
    (through setup/config.py's SERVICE_NAME) the default of every name two
    services could share: SQLite file, cookie, RabbitMQ exchange and queues,
    Redis key prefix."""

    value: str

    def __post_init__(self) -> None:
        if not _VALID.fullmatch(self.value) or len(self.value) > 50:
            raise ServiceBaseError(
                f"--name {self.value!r}: use lowercase letters, digits and single "
                "hyphens, starting with a letter, at most 50 characters "
                "(e.g. library-service)"
            )
        if self.value == BASE_NAME:
            raise ServiceBaseError(
                f"--name {self.value!r} is the base's own name: choose your service's"
            )

    def __str__(self) -> str:
        return self.value
