"""`remove` of the catalog's Redis product cache, an adapter the base ships,
on a copy of the base: the in-memory cache, bound where Redis was not, is
bound always, and the wiring still passes `check`."""

import pytest

from .project_copy import RepositoryCopies, add_adapter, bound_to

pytestmark = pytest.mark.expensive

PORT = "app.application.ports.product_cache.ProductCache"
ADAPTER = "src/app/infrastructure/adapters/redis_product_cache.py"


def test_the_redis_cache_goes_and_the_in_memory_one_is_bound_always(
    repository_copies: RepositoryCopies,
) -> None:
    base = repository_copies.fresh_base("product-cache")

    run = add_adapter(base, "remove", "RedisProductCache")

    assert run.exit_code == 0, run.output
    cache = bound_to(base, PORT)
    assert cache["class_name"] == "InMemoryProductCache"
    assert "when" not in cache
    assert f"note: InMemoryProductCache binds {PORT} always now" in run.stdout
    assert not (base / ADAPTER).exists()
    for kept in (
        "src/app/application/ports/product_cache.py",
        "src/app/infrastructure/in_memory/in_memory_product_cache.py",
    ):
        assert (base / kept).exists(), kept
    # The hand-written tests that used it are the user's to edit.
    assert "tests/http/test_product_cache.py" in run.stdout
    checked = add_adapter(base, "check")
    assert checked.exit_code == 0, checked.output
