"""Providers of the demo's catalog: its settings, and the product cache."""

from dishka import Provider, Scope, decorate, provide

from app.application.common.product_images import ProductImageLimits
from app.application.ports.product_data_mapper import ProductDataMapper
from app.application.ports.product_reader import ProductReader
from app.application.ports.transaction_manager import TransactionManager
from app.infrastructure.adapters.caching_product_reader import (
    CachingProductReader,
    InvalidatingProductDataMapper,
    ProductCacheConfig,
    ProductCacheInvalidatingTransaction,
    ProductChanges,
)
from app.infrastructure.decoded_product_pages import DecodedProductPages
from setup.config import Settings


class CatalogSettingsProvider(Provider):
    scope = Scope.APP

    @provide
    def product_image_limits(self, settings: Settings) -> ProductImageLimits:
        return settings.product_image_limits()


class ProductCachingProvider(Provider):
    """Product reads through the bound ProductCache (Redis when REDIS_URL is
    set, in-process otherwise), as decorators of whatever the spec binds:
    neither the use cases nor the adapters know about the cache. Product
    writes replace the cache's generation after their commit (see
    app.infrastructure.adapters.caching_product_reader)."""

    def __init__(self, config: ProductCacheConfig) -> None:
        super().__init__()
        self._config = config

    @provide(scope=Scope.REQUEST)
    def config(self) -> ProductCacheConfig:
        # Known when the container is built, so held here and given in the
        # request's own scope: asked of the app scope, it would cost each
        # product read a look-up through the request and app containers
        # (about 0.9 us of a cached page's 10).
        return self._config

    changes = provide(ProductChanges, scope=Scope.REQUEST)
    # One per process: what the cached pages decode to, shared by requests.
    decoded_pages = provide(DecodedProductPages, scope=Scope.APP)
    reader = decorate(CachingProductReader, provides=ProductReader)
    data_mapper = decorate(InvalidatingProductDataMapper, provides=ProductDataMapper)
    transaction = decorate(
        ProductCacheInvalidatingTransaction, provides=TransactionManager
    )
