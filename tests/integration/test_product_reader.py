"""SqlaProductReader: pages, stable sorting, filtering."""

import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.application.common.pagination import Page, Pagination, SortOrder
from app.application.query_models.product_view import ProductSortField, ProductView
from app.domain.entities.product import Product
from app.infrastructure.adapters.sqla_product_reader import SqlaProductReader
from tests.integration.factories import SessionFactory
from tests.integration.product_factories import new_product, store_products
from tests.integration.sorting import SortKey, expected_ids

# Names are lower-case ASCII words so that every collation
# (SQLite's binary one, PostgreSQL's locale) orders them alike. Categories
# and prices repeat, so the id must break ties.
CATALOG = [
    ("anvil", "tools", "10.00"),
    ("bolt", "hardware", "0.25"),
    ("chisel", "tools", "10.00"),
    ("drill", "tools", "89.99"),
    ("easel", "paint", "10.00"),
    ("file", "hardware", "0.25"),
    ("gauge", "paint", "0.01"),
]


def product_key(field: ProductSortField) -> Callable[[Product], SortKey]:
    return {
        ProductSortField.NAME: lambda p: p.name.value,
        ProductSortField.CATEGORY: lambda p: p.category.value,
        ProductSortField.PRICE: lambda p: p.price.amount,
    }[field]


def product_id(product: Product) -> uuid.UUID:
    return product.id


def view_of(product: Product) -> ProductView:
    return ProductView(
        id=product.id,
        name=product.name.value,
        category=product.category.value,
        price=product.price.amount,
        description=product.description.value,
    )


@pytest.fixture
async def catalog(session_factory: SessionFactory) -> list[Product]:
    products = [
        new_product(name, category=category, price=price, description=f"a {name}")
        for name, category, price in CATALOG
    ]
    await store_products(session_factory, *products)
    return products


async def test_get_product_returns_the_view_with_exact_price(
    session: AsyncSession, catalog: list[Product]
) -> None:
    drill = catalog[3]

    view = await SqlaProductReader(session).get_product(drill.id)

    assert view == view_of(drill)
    assert view is not None
    assert view.price == Decimal("89.99")
    assert str(view.price) == "89.99"


async def test_get_unknown_product_is_none(
    session: AsyncSession, catalog: list[Product]
) -> None:
    assert await SqlaProductReader(session).get_product(uuid.uuid4()) is None


@pytest.mark.parametrize("field", list(ProductSortField))
@pytest.mark.parametrize("order", list(SortOrder))
async def test_product_pages_follow_the_sort_without_overlap_or_gap(
    session: AsyncSession,
    catalog: list[Product],
    field: ProductSortField,
    order: SortOrder,
) -> None:
    reader = SqlaProductReader(session)
    expected = expected_ids(catalog, product_key(field), product_id, order)
    seen: list[uuid.UUID] = []

    for offset in range(0, len(catalog), 3):
        page = await reader.list_products(Pagination(3, offset), field, order, None)
        assert page.total == len(catalog)
        assert (page.limit, page.offset) == (3, offset)
        assert len(page.items) == min(3, len(catalog) - offset)
        seen.extend(item.id for item in page.items)

    assert seen == expected
    whole = await reader.list_products(Pagination(100, 0), field, order, None)
    assert [item.id for item in whole.items] == expected


async def test_product_views_carry_every_field(
    session: AsyncSession, catalog: list[Product]
) -> None:
    page = await SqlaProductReader(session).list_products(
        Pagination(100, 0), ProductSortField.NAME, SortOrder.ASC, None
    )

    assert page.items == [view_of(product) for product in catalog]


async def test_offset_past_the_end_is_an_empty_page_with_the_total(
    session: AsyncSession, catalog: list[Product]
) -> None:
    page = await SqlaProductReader(session).list_products(
        Pagination(5, 50), ProductSortField.NAME, SortOrder.ASC, None
    )

    assert page == Page(items=[], total=len(catalog), limit=5, offset=50)


@pytest.mark.parametrize("order", list(SortOrder))
async def test_category_filter_pages_only_that_category(
    session: AsyncSession, catalog: list[Product], order: SortOrder
) -> None:
    reader = SqlaProductReader(session)
    tools = [product for product in catalog if product.category.value == "tools"]
    expected = expected_ids(
        tools, product_key(ProductSortField.PRICE), product_id, order
    )

    first = await reader.list_products(
        Pagination(2, 0), ProductSortField.PRICE, order, "tools"
    )
    second = await reader.list_products(
        Pagination(2, 2), ProductSortField.PRICE, order, "tools"
    )

    assert first.total == second.total == 3
    assert len(first.items) == 2
    assert len(second.items) == 1
    assert [item.id for item in [*first.items, *second.items]] == expected
    assert {item.category for item in [*first.items, *second.items]} == {"tools"}


async def test_unknown_category_is_an_empty_page(
    session: AsyncSession, catalog: list[Product]
) -> None:
    page = await SqlaProductReader(session).list_products(
        Pagination(10, 0), ProductSortField.NAME, SortOrder.ASC, "food"
    )

    assert page.items == []
    assert page.total == 0


async def test_empty_catalog_is_an_empty_page(session: AsyncSession) -> None:
    page = await SqlaProductReader(session).list_products(
        Pagination(10, 0), ProductSortField.NAME, SortOrder.ASC, None
    )

    assert page == Page(items=[], total=0, limit=10, offset=0)


async def test_prices_sort_numerically_not_as_text(
    session: AsyncSession, session_factory: SessionFactory
) -> None:
    cheap, middle, dear = (
        new_product("cheap", price="9.99"),
        new_product("middle", price="10.00"),
        new_product("dear", price="100.00"),
    )
    await store_products(session_factory, dear, cheap, middle)

    page = await SqlaProductReader(session).list_products(
        Pagination(10, 0), ProductSortField.PRICE, SortOrder.ASC, None
    )

    assert [item.id for item in page.items] == [cheap.id, middle.id, dear.id]
    assert [item.price for item in page.items] == [
        Decimal("9.99"),
        Decimal("10.00"),
        Decimal("100.00"),
    ]
