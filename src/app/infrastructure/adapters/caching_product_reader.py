"""Product reads through a ProductCache, as Dishka decorators of the composition root.

- CachingProductReader wraps the bound ProductReader: get_product and
  list_products answers are kept as JSON for ProductCacheConfig.ttl_seconds.
- Every key carries the catalog's *generation*, a random token stored in the
  cache. A product write replaces the token, which invalidates every cached
  product and listing at once (one SET; no need to know which listings held
  the product, and no key scan).
- The write side marks ProductChanges (InvalidatingProductDataMapper around
  ProductDataMapper); ProductCacheInvalidatingTransaction replaces the token
  after the request's commit succeeded. After, not before: a read between
  the bump and the commit would cache the old row under the new generation.
  A failed commit changes nothing, so it bumps nothing.

A cache failure (CacheError, an unreadable value) never fails the request:
it is answered from the source. A CacheError is logged at DEBUG only, since
the cache's client reports an outage itself, once (the Redis client's
circuit breaker: app.infrastructure.guarded_redis), where a line per request
would flood the log. An unreadable value is a WARNING. A failed bump is a
WARNING too: reads may then be stale for at most the TTL. Only catalog data is
cached, never anything about the caller (no session, user or credential).
Neither the use cases nor SqlaProductReader know about any of this.
"""

import logging
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from uuid import UUID

from pydantic import TypeAdapter, ValidationError

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.ports.product_cache import ProductCache
from app.application.ports.product_data_mapper import ProductDataMapper
from app.application.ports.product_reader import ProductReader
from app.application.ports.transaction_manager import TransactionManager
from app.application.query_models.product_view import ProductSortField, ProductView
from app.domain.entities.product import Product
from app.domain.value_objects.ids import ProductId
from app.infrastructure.decoded_product_pages import DecodedProductPages
from app.infrastructure.exceptions import CacheError

logger = logging.getLogger(__name__)

GENERATION_KEY = "generation"
# Bumped when the stored JSON's shape changes, so old values are never read.
FORMAT_VERSION = "v1"


@dataclass(frozen=True, slots=True)
class ProductCacheConfig:
    ttl_seconds: int = 60


class ProductCacheGeneration:
    """The catalog's current generation token, kept in the ProductCache."""

    def __init__(self, cache: ProductCache) -> None:
        self._cache = cache

    async def current(self) -> str:
        """The token; a new one when the cache has none (first use, eviction).
        Raises CacheError."""
        value = await self._cache.get(GENERATION_KEY)
        if value is not None:
            return value.decode("ascii")
        return await self.bump()

    async def bump(self) -> str:
        """Replaces the token: every value cached before is unreachable.
        Raises CacheError."""
        token = secrets.token_hex(8)
        # No TTL: losing it only costs misses, but it must outlive the values.
        await self._cache.set(GENERATION_KEY, token.encode("ascii"))
        return token


@dataclass(frozen=True, slots=True)
class _CachedProduct:
    """A product's cache entry; ``product`` None caches a miss."""

    product: ProductView | None


# Cache entries are written and read by pydantic, one call each way (ids and
# prices as strings): a listing's JSON is not built as a dict per product.
_PRODUCT_JSON = TypeAdapter(_CachedProduct)
_PAGE_JSON = TypeAdapter(Page[ProductView])


class CachingProductReader(ProductReader):
    """A ProductReader that answers from the ProductCache when it can and from
    the wrapped reader otherwise (then stores the answer). A cached page is
    decoded once per process (``pages``), not on every hit."""

    def __init__(
        self,
        inner: ProductReader,
        cache: ProductCache,
        config: ProductCacheConfig,
        pages: DecodedProductPages,
    ) -> None:
        self._inner = inner
        self._cache = cache
        self._pages = pages
        self._generation = ProductCacheGeneration(cache)
        self._ttl = config.ttl_seconds

    async def get_product(self, product_id: UUID) -> ProductView | None:
        key = await self._key("product", str(product_id))
        raw = await self._load(key)
        if raw is not None:
            try:
                return _PRODUCT_JSON.validate_json(raw).product
            except ValidationError:
                logger.warning("unreadable cached product %s", key, exc_info=True)
        view = await self._inner.get_product(product_id)
        # A miss (None) is cached too: a create bumps the generation.
        await self._store(key, _PRODUCT_JSON.dump_json(_CachedProduct(view)))
        return view

    async def list_products(
        self,
        pagination: Pagination,
        sort_by: ProductSortField,
        order: SortOrder,
        category: str | None,
    ) -> Page[ProductView]:
        # The category, any text, comes last, after a mark telling it from
        # none: the key stays unambiguous without encoding it.
        in_category = "-" if category is None else f"={category}"
        params = (
            f"{pagination.limit}:{pagination.offset}:{sort_by.value}:{order.value}"
            f":{in_category}"
        )
        key = await self._key("list", params)
        raw = await self._load(key)
        if raw is not None:
            cached = self._pages.get(raw)
            if cached is None:
                cached = self._decode_page(key, raw)
            if cached is not None:
                return cached
        page = await self._inner.list_products(pagination, sort_by, order, category)
        raw = _PAGE_JSON.dump_json(page)
        if await self._store(key, raw):
            # The next hit answers with this very page, decoding nothing.
            self._pages.keep(raw, page)
        return page

    async def _key(self, kind: str, suffix: str) -> str | None:
        """The value's key, or None when the cache is unusable (then bypassed)."""
        try:
            generation = await self._generation.current()
        except CacheError:
            logger.debug("product cache unavailable; reading the source", exc_info=True)
            return None
        except UnicodeDecodeError:
            logger.warning("unreadable product cache generation", exc_info=True)
            return None
        return f"{FORMAT_VERSION}:{generation}:{kind}:{suffix}"

    def _decode_page(self, key: str | None, raw: bytes) -> Page[ProductView] | None:
        """The page ``raw`` holds, kept for the next hit; None when unreadable."""
        try:
            page = _PAGE_JSON.validate_json(raw)
        except ValidationError:
            logger.warning("unreadable cached listing %s", key, exc_info=True)
            return None
        self._pages.keep(raw, page)
        return page

    async def _load(self, key: str | None) -> bytes | None:
        if key is None:
            return None
        try:
            return await self._cache.get(key)
        except CacheError:
            logger.debug("product cache get failed; reading the source", exc_info=True)
            return None

    async def _store(self, key: str | None, raw: bytes) -> bool:
        """Whether ``raw`` is now cached under ``key``."""
        if key is None:
            return False
        try:
            await self._cache.set(key, raw, ttl_seconds=self._ttl)
        except CacheError:
            logger.debug("product cache set failed; answer not cached", exc_info=True)
            return False
        return True


class ProductChanges:
    """Request-scoped: whether this request wrote products."""

    def __init__(self) -> None:
        self.changed = False


class InvalidatingProductDataMapper(ProductDataMapper):
    """Wraps the bound ProductDataMapper and notes every write in ProductChanges."""

    def __init__(self, inner: ProductDataMapper, changes: ProductChanges) -> None:
        self._inner = inner
        self._changes = changes

    async def add(self, product: Product) -> None:
        self._changes.changed = True
        await self._inner.add(product)

    async def get_by_id(self, product_id: ProductId) -> Product | None:
        return await self._inner.get_by_id(product_id)

    async def get_by_ids(
        self, product_ids: Collection[ProductId]
    ) -> Mapping[ProductId, Product]:
        return await self._inner.get_by_ids(product_ids)

    async def update(self, product: Product) -> None:
        self._changes.changed = True
        await self._inner.update(product)

    async def delete(self, product: Product) -> None:
        self._changes.changed = True
        await self._inner.delete(product)


class ProductCacheInvalidatingTransaction(TransactionManager):
    """Wraps the bound TransactionManager: after a commit that stored product
    writes, replaces the catalog's cache generation."""

    def __init__(
        self,
        inner: TransactionManager,
        changes: ProductChanges,
        cache: ProductCache,
    ) -> None:
        self._inner = inner
        self._changes = changes
        self._generation = ProductCacheGeneration(cache)

    async def commit(self) -> None:
        await self._inner.commit()
        if not self._changes.changed:
            return
        self._changes.changed = False
        try:
            await self._generation.bump()
        except CacheError as err:
            # The commit stands; cached reads may be stale until their TTL.
            # One line, no traceback: the outage itself is the client's to log.
            logger.warning(
                "product cache invalidation failed (%r); reads may be stale for "
                "the TTL",
                err.__cause__ or err,
            )
