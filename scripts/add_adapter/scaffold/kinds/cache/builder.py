"""Caches: a port of get/set/delete with TTLs, a Redis adapter on the shared
client, and an in-memory twin whose clock the tests move."""

from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.kinds.shared.fixed_port import (
    FixedMethod,
    FixedPortKind,
    build_fixed_port_adapter,
    choose_technology,
)
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.specification.vocabulary import Kind

CACHE = FixedPortKind(
    spec_kind=Kind.CACHE,
    noun="cache",
    default_port="app.application.ports.cache.Cache",
    methods=(
        FixedMethod("get", "key: str", "bytes | None"),
        FixedMethod(
            "set", "key: str, value: bytes, ttl_seconds: int | None = None", "None"
        ),
        FixedMethod("delete", "key: str", "None"),
    ),
    template="cache",
    adapter_template="redis_cache",
    technology="Redis",
    technology_id="redis",
    adapter_prefix="Redis",
    purpose="A cache of byte values by key, each with an optional time to live.",
    port_doc=lambda purpose: (
        f"{purpose}\n\n"
        "Values are bytes: encode what you store (JSON, say) and decode what you "
        "get. A cached value may vanish at any time (expiry, eviction, a "
        "restart), so a miss is None, never an error. Implementations raise "
        "CacheError when the store fails; a "
        "caller that can do without the cache catches it."
    ),
    summary=lambda port: f"{port} on Redis, with TTLs as Redis expiries.",
    class_doc=lambda name, port: (
        f"{port} on Redis, through the service's shared redis.asyncio.Redis "
        "client (built from REDIS_URL).\n\n"
        "Keys are stored under the service's prefix and KEY_PREFIX, and a TTL is "
        "the key's Redis expiry. "
        "Every Redis failure (unreachable, timeout, an error reply) raises "
        "CacheError with the driver's error as its cause."
    ),
    in_memory_doc=lambda port: (
        f"{port} in memory. Values expire as in Redis: one set with ttl_seconds "
        "is gone once the clock has moved on that many seconds. The clock "
        "(seconds, monotonic) is time.monotonic unless a test gives its own "
        "(with_clock)."
    ),
    note=lambda name: (
        f"{name} uses the shared Redis client (REDIS_URL, default "
        "redis://127.0.0.1:6379/0); its tests use the Redis at TEST_REDIS_URL "
        "(same default) and skip when it is unreachable (fail with "
        "REQUIRE_SERVICES=1)"
    ),
)


def build_cache(request: AdapterRequest, batch: Batch) -> Addition:
    return build_fixed_port_adapter(
        request, batch, choose_technology(request, (CACHE,))
    )
