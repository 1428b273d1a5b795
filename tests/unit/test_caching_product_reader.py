"""CachingProductReader and the write-side decorators, on the in-memory cache
and a fake reader."""

import logging
from dataclasses import replace
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.ports.product_cache import ProductCache
from app.application.query_models.product_view import ProductSortField, ProductView
from app.infrastructure.adapters.caching_product_reader import (
    GENERATION_KEY,
    CachingProductReader,
    ProductCacheConfig,
    ProductCacheInvalidatingTransaction,
    ProductChanges,
)
from app.infrastructure.decoded_product_pages import DecodedProductPages
from app.infrastructure.exceptions import CacheError
from app.infrastructure.in_memory.in_memory_product_cache import InMemoryProductCache

LOGGER = "app.infrastructure.adapters.caching_product_reader"
PAGE = (Pagination(limit=10, offset=0), ProductSortField.NAME, SortOrder.ASC, None)


class FakeReader:
    def __init__(self) -> None:
        self.products: dict[UUID, ProductView] = {}
        self.calls = 0

    def add(self, name: str = "Phone") -> ProductView:
        view = ProductView(uuid4(), name, "electronics", Decimal("9.99"), "d")
        self.products[view.id] = view
        return view

    async def get_product(self, product_id: UUID) -> ProductView | None:
        self.calls += 1
        return self.products.get(product_id)

    async def list_products(
        self,
        pagination: Pagination,
        sort_by: ProductSortField,
        order: SortOrder,
        category: str | None,
    ) -> Page[ProductView]:
        self.calls += 1
        items = sorted(self.products.values(), key=lambda view: view.name)
        return Page(items, len(items), pagination.limit, pagination.offset)


class BrokenCache(ProductCache):
    async def get(self, key: str) -> bytes | None:
        raise CacheError

    async def set(self, key: str, value: bytes, ttl_seconds: int | None = None) -> None:
        raise CacheError

    async def delete(self, key: str) -> None:
        raise CacheError


class FakeTransaction:
    def __init__(self) -> None:
        self.commits = 0

    async def commit(self) -> None:
        self.commits += 1


def reader_on(cache: ProductCache, source: FakeReader) -> CachingProductReader:
    return CachingProductReader(
        source, cache, ProductCacheConfig(ttl_seconds=60), DecodedProductPages()
    )


async def test_a_product_is_read_once_then_served_from_the_cache() -> None:
    source = FakeReader()
    view = source.add()
    reader = reader_on(InMemoryProductCache(), source)

    assert await reader.get_product(view.id) == view
    assert await reader.get_product(view.id) == view
    assert source.calls == 1


async def test_a_listing_is_read_once_then_served_from_the_cache() -> None:
    source = FakeReader()
    source.add("b")
    source.add("a")
    reader = reader_on(InMemoryProductCache(), source)

    first = await reader.list_products(*PAGE)
    second = await reader.list_products(*PAGE)

    assert second == first
    assert [view.name for view in second.items] == ["a", "b"]
    assert source.calls == 1
    # Other parameters are another key.
    await reader.list_products(Pagination(limit=5), *PAGE[1:])
    assert source.calls == 2


@pytest.mark.parametrize(
    "categories",
    [
        (None, ""),  # no category is not the empty one
        ("a", "a:"),
        ("x:-", "x"),
        ("=", "-"),
    ],
)
async def test_listings_of_different_categories_never_share_a_cached_page(
    categories: tuple[str | None, str | None],
) -> None:
    source = FakeReader()
    source.add("a")
    reader = reader_on(InMemoryProductCache(), source)

    for category in categories:
        await reader.list_products(*PAGE[:3], category)

    assert source.calls == 2


class CopyingCache(InMemoryProductCache):
    """Hands out a copy of the stored bytes on each get, as Redis does."""

    async def get(self, key: str) -> bytes | None:
        value = await super().get(key)
        return None if value is None else bytes(bytearray(value))


@pytest.mark.parametrize("cache", [InMemoryProductCache, CopyingCache])
async def test_a_cached_listing_is_decoded_once_per_process(
    cache: type[InMemoryProductCache],
) -> None:
    source = FakeReader()
    source.add("a")
    shared_cache, pages = cache(), DecodedProductPages()

    def reader() -> CachingProductReader:
        # One per request, as the container makes them; the pages are the app's.
        return CachingProductReader(
            source, shared_cache, ProductCacheConfig(ttl_seconds=60), pages
        )

    missed = await reader().list_products(*PAGE)
    first_hit = await reader().list_products(*PAGE)
    second_hit = await reader().list_products(*PAGE)

    assert first_hit == missed
    # The very object: nothing decoded again, and the presentation can keep
    # what it rendered from it.
    assert second_hit is first_hit
    assert source.calls == 1


async def test_a_new_generation_is_decoded_again() -> None:
    source = FakeReader()
    source.add("a")
    cache, pages = InMemoryProductCache(), DecodedProductPages()
    reader = CachingProductReader(
        source, cache, ProductCacheConfig(ttl_seconds=60), pages
    )
    await reader.list_products(*PAGE)
    before = await reader.list_products(*PAGE)

    source.add("b")
    await cache.delete(GENERATION_KEY)
    await reader.list_products(*PAGE)
    after = await reader.list_products(*PAGE)

    assert [view.name for view in before.items] == ["a"]
    assert [view.name for view in after.items] == ["a", "b"]


def test_decoded_pages_forget_the_oldest_beyond_their_size() -> None:
    pages = DecodedProductPages.holding(2)
    page: Page[ProductView] = Page([], 0, 20, 0)
    for raw in (b"1", b"2", b"3"):
        pages.keep(raw, page)

    assert [pages.get(raw) for raw in (b"1", b"2", b"3")] == [None, page, page]


async def test_an_unknown_product_is_cached_as_unknown() -> None:
    source = FakeReader()
    reader = reader_on(InMemoryProductCache(), source)

    assert await reader.get_product(uuid4()) is None
    assert source.calls == 1


async def test_entries_expire_after_the_ttl() -> None:
    now = [0.0]
    source = FakeReader()
    view = source.add()
    reader = reader_on(InMemoryProductCache.with_clock(lambda: now[0]), source)

    await reader.get_product(view.id)
    now[0] += 61
    await reader.get_product(view.id)

    assert source.calls == 2


async def test_a_committed_product_write_invalidates_products_and_listings() -> None:
    cache = InMemoryProductCache()
    source = FakeReader()
    view = source.add()
    reader = reader_on(cache, source)
    await reader.get_product(view.id)
    await reader.list_products(*PAGE)

    changes = ProductChanges()
    transaction = ProductCacheInvalidatingTransaction(FakeTransaction(), changes, cache)
    changed = replace(view, name="Renamed")
    source.products[view.id] = changed
    changes.changed = True  # what InvalidatingProductDataMapper does on a write
    await transaction.commit()

    assert await reader.get_product(view.id) == changed
    assert (await reader.list_products(*PAGE)).items == [changed]
    assert source.calls == 4


async def test_a_commit_without_product_writes_keeps_the_cache() -> None:
    cache = InMemoryProductCache()
    source = FakeReader()
    view = source.add()
    reader = reader_on(cache, source)
    await reader.get_product(view.id)
    inner = FakeTransaction()

    await ProductCacheInvalidatingTransaction(inner, ProductChanges(), cache).commit()

    await reader.get_product(view.id)
    assert inner.commits == 1
    assert source.calls == 1


async def test_a_failed_commit_bumps_nothing() -> None:
    cache = InMemoryProductCache()
    await cache.set(GENERATION_KEY, b"before")

    class FailingTransaction:
        async def commit(self) -> None:
            raise RuntimeError("conflict")

    changes = ProductChanges()
    changes.changed = True
    with pytest.raises(RuntimeError):
        await ProductCacheInvalidatingTransaction(
            FailingTransaction(), changes, cache
        ).commit()
    assert await cache.get(GENERATION_KEY) == b"before"


async def test_a_broken_cache_degrades_to_the_source_logged_at_debug(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # DEBUG, not WARNING: the cache's client logs an outage once, where a
    # warning per request would flood the log.
    source = FakeReader()
    view = source.add()
    reader = reader_on(BrokenCache(), source)

    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        assert await reader.get_product(view.id) == view
        assert (await reader.list_products(*PAGE)).items == [view]

    assert source.calls == 2
    records = [record for record in caplog.records if record.name == LOGGER]
    assert records
    assert all(record.levelno == logging.DEBUG for record in records)
    assert any(
        record.exc_info and isinstance(record.exc_info[1], CacheError)
        for record in records
    )


async def test_a_failed_invalidation_is_logged_and_the_commit_stands(
    caplog: pytest.LogCaptureFixture,
) -> None:
    inner = FakeTransaction()
    changes = ProductChanges()
    changes.changed = True

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        await ProductCacheInvalidatingTransaction(
            inner, changes, BrokenCache()
        ).commit()

    assert inner.commits == 1
    assert any("invalidation failed" in record.message for record in caplog.records)


async def test_an_unreadable_cached_value_degrades_to_the_source(
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = InMemoryProductCache()
    source = FakeReader()
    view = source.add()
    reader = reader_on(cache, source)
    await reader.get_product(view.id)
    generation = (await cache.get(GENERATION_KEY) or b"").decode()
    for junk in (b"\xff\xfe", b"[1, 2]", b'{"product": {"id": "x"}}'):
        await cache.set(f"v1:{generation}:product:{view.id}", junk)

        with caplog.at_level(logging.WARNING, logger=LOGGER):
            assert await reader.get_product(view.id) == view

    assert source.calls == 4
    assert len([r for r in caplog.records if r.name == LOGGER]) == 3


async def test_an_unreadable_cached_listing_degrades_to_the_source(
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = InMemoryProductCache()
    source = FakeReader()
    source.add("a")
    expected = await reader_on(cache, source).list_products(*PAGE)
    generation = (await cache.get(GENERATION_KEY) or b"").decode()
    key = f"v1:{generation}:list:10:0:name:asc:-"
    assert await cache.get(key) is not None  # the key the listing is cached under
    junk_values = (b"\xff\xfe", b"[1, 2]", b'{"items": [{"id": "x"}], "total": 1}')
    for junk in junk_values:
        await cache.set(key, junk)

        with caplog.at_level(logging.WARNING, logger=LOGGER):
            # A reader of its own each time, as each request has.
            assert await reader_on(cache, source).list_products(*PAGE) == expected

    assert source.calls == 1 + len(junk_values)
    assert len([r for r in caplog.records if r.name == LOGGER]) == len(junk_values)
