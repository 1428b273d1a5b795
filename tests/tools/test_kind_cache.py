"""The cache builder: the Redis adapter it writes.

Builder level: called directly (no CLI, no staging) on a copy of a service
made from the base. The end-to-end runs (the command line on a copy of the
repository, its gates and tests) are in tests/scaffolding."""

from pathlib import Path

from add_adapter.scaffold.kinds.cache.builder import build_cache
from add_adapter.scaffold.request import AdapterKind

from .kind_support import fixed_port_request, texts
from .scaffold_support import new_batch


def test_the_redis_cache_wraps_driver_errors_and_prefixes_its_keys(
    repo: Path,
) -> None:
    files = texts(build_cache(fixed_port_request(AdapterKind.CACHE), new_batch(repo)))

    port = files["src/app/application/ports/cache.py"]
    assert (
        "    async def set(self, key: str, value: bytes, "
        "ttl_seconds: int | None = None) -> None:"
    ) in port
    assert "CacheError" in port
    code = files["src/app/infrastructure/adapters/redis_cache.py"]
    assert "def __init__(self, redis: Redis, keys: RedisKeys) -> None:" in code
    assert "self._prefix = keys.key(KEY_PREFIX)" in code
    assert 'KEY_PREFIX = "cache:"' in code
    assert code.count("raise CacheError from err") == 3
    twin = files["tests/support/doubles/in_memory_cache.py"]
    assert "clock: Callable[[], float] = time.monotonic" in twin
    contract = files["tests/contracts/test_cache.py"]
    assert '@pytest.fixture(params=["redis", "in_memory"])' in contract
    assert "redis_or_skip()" in contract
    assert "InMemoryCache.with_clock(clock)" in contract
