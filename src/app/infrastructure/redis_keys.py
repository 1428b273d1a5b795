"""The names of the keys this service keeps in Redis."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RedisKeys:
    """Every key starts with ``prefix`` (REDIS_KEY_PREFIX: the service's name
    by default), so services sharing one Redis database never read or
    overwrite each other's keys. Each cache adds a prefix of its own after
    it."""

    prefix: str = ""

    def key(self, name: str) -> str:
        return self.prefix + name
