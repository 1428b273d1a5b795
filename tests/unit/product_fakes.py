"""In-memory fakes of the catalog's ports (the demo), on the InMemoryStore of
tests/unit/fakes.py, with the same promises."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from uuid import UUID

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.ports.product_data_mapper import ProductDataMapper
from app.application.ports.product_image_reader import ProductImageReader
from app.application.ports.product_reader import ProductReader
from app.application.query_models.product_image_view import ProductImageView
from app.application.query_models.product_view import ProductSortField, ProductView
from app.domain.entities.product import Product
from app.domain.value_objects.ids import ProductId
from tests.unit.fakes import Change, InMemoryStore, InMemoryTransaction, page_of


class InMemoryProductDataMapper(ProductDataMapper):
    def __init__(self, store: InMemoryStore, transaction: InMemoryTransaction) -> None:
        self._store = store
        self._transaction = transaction
        self._known: set[UUID] = set()

    async def add(self, product: Product) -> None:
        self._known.add(product.id)
        self._transaction.stage(_put_product(replace(product)))

    async def get_by_id(self, product_id: ProductId) -> Product | None:
        product = self._store.products.get(product_id)
        if product is None:
            return None
        self._known.add(product.id)
        return replace(product)

    async def get_by_ids(
        self, product_ids: Collection[ProductId]
    ) -> Mapping[ProductId, Product]:
        found = {}
        for product_id in product_ids:
            product = await self.get_by_id(product_id)
            if product is not None:
                found[product_id] = product
        return found

    async def update(self, product: Product) -> None:
        if product.id not in self._known:
            raise LookupError(f"Product {product.id} was never loaded or added.")
        self._transaction.stage(_put_product(replace(product)))

    async def delete(self, product: Product) -> None:
        product_id = product.id

        def change(state: InMemoryStore) -> None:
            state.products.pop(product_id, None)

        self._transaction.stage(change)


def _put_product(product: Product) -> Change:
    def change(state: InMemoryStore) -> None:
        state.products[product.id] = product

    return change


def product_view(product: Product) -> ProductView:
    return ProductView(
        id=product.id,
        name=product.name.value,
        category=product.category.value,
        price=product.price.amount,
        description=product.description.value,
    )


class InMemoryProductReader(ProductReader):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get_product(self, product_id: UUID) -> ProductView | None:
        product = self._store.products.get(product_id)
        return None if product is None else product_view(product)

    async def list_products(
        self,
        pagination: Pagination,
        sort_by: ProductSortField,
        order: SortOrder,
        category: str | None,
    ) -> Page[ProductView]:
        views = [
            product_view(product)
            for product in self._store.products.values()
            if category is None or product.category.value == category
        ]
        return page_of(views, sort_by.value, order, pagination)


class InMemoryProductImageReader(ProductImageReader):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get_product_image(self, product_id: UUID) -> ProductImageView | None:
        product = self._store.products.get(product_id)
        if product is None or product.image is None:
            return None
        image = product.image
        return ProductImageView(
            content_type=image.content_type.value,
            size_bytes=image.size_bytes,
            sha256=image.sha256,
            storage_key=image.storage_key,
        )
