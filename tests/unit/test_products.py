from decimal import Decimal
from uuid import UUID

import pytest

from app.application.commands.create_product import CreateProductCommand
from app.application.commands.delete_product import DeleteProductCommand
from app.application.commands.update_product import UpdateProductCommand
from app.application.common.health import HealthProbes
from app.application.common.pagination import Pagination, SortOrder
from app.application.exceptions import AuthenticationError, AuthorizationError
from app.application.queries.check_health import CheckHealth
from app.application.queries.get_product import GetProductQuery
from app.application.queries.list_products import ListProductsQuery
from app.application.query_models.product_view import ProductSortField, ProductView
from app.domain.entities.product import Product
from app.domain.exceptions import (
    DomainValidationError,
    ProductNameTakenError,
    ProductNotFoundError,
)
from tests.unit.fakes import FakeHealthProbe
from tests.unit.product_fakes import product_view
from tests.unit.world import World

NEW_BOOK = CreateProductCommand(
    name="  Dune ", category=" Books", price=Decimal("9.5"), description=" Sand. "
)


def _fields(product: Product) -> tuple[str, str, Decimal, str]:
    return (
        product.name.value,
        product.category.value,
        product.price.amount,
        product.description.value,
    )


# CreateProduct


async def test_create_product_stores_the_normalised_product(world: World) -> None:
    admin = world.add_admin()
    product_id = await world.request(admin).create_product().execute(NEW_BOOK)
    view = await world.request().get_product().execute(GetProductQuery(product_id))
    assert view == ProductView(
        id=product_id,
        name="Dune",
        category="books",
        price=Decimal("9.50"),
        description="Sand.",
    )
    assert world.store.commits == 1


async def test_create_product_needs_an_admin(world: World) -> None:
    user = world.add_user("user@example.com")
    with pytest.raises(AuthorizationError):
        await world.request(user).create_product().execute(NEW_BOOK)
    with pytest.raises(AuthenticationError):
        await world.request().create_product().execute(NEW_BOOK)
    assert world.store.products == {}


async def test_create_product_with_a_taken_name(world: World) -> None:
    admin = world.add_admin()
    existing = world.add_product("Dune", price="20.00")
    with pytest.raises(ProductNameTakenError):
        await world.request(admin).create_product().execute(NEW_BOOK)
    assert list(world.store.products) == [existing.id]
    assert world.stored_product(existing.id).price.amount == Decimal("20.00")


async def test_create_product_with_an_invalid_price(world: World) -> None:
    admin = world.add_admin()
    command = CreateProductCommand(name="Dune", category="books", price=Decimal("-1"))
    with pytest.raises(DomainValidationError) as caught:
        await world.request(admin).create_product().execute(command)
    assert caught.value.field == "price"
    assert world.store.products == {}


# UpdateProduct


async def test_partial_update_changes_only_the_given_fields(world: World) -> None:
    admin = world.add_admin()
    product = world.add_product(
        "Dune", category="books", price="10.00", description="Sand."
    )
    await (
        world.request(admin)
        .update_product()
        .execute(UpdateProductCommand(product.id, price=Decimal("12.5")))
    )
    stored = world.stored_product(product.id)
    assert _fields(stored) == ("Dune", "books", Decimal("12.50"), "Sand.")


async def test_update_normalises_every_given_field(world: World) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")
    await (
        world.request(admin)
        .update_product()
        .execute(
            UpdateProductCommand(
                product.id,
                name=" Dune Messiah ",
                category=" SCI-FI ",
                price=Decimal("7"),
                description="",
            )
        )
    )
    stored = world.stored_product(product.id)
    assert _fields(stored) == ("Dune Messiah", "sci-fi", Decimal("7.00"), "")


async def test_update_may_keep_the_products_own_name(world: World) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")
    await (
        world.request(admin)
        .update_product()
        .execute(UpdateProductCommand(product.id, name="Dune", price=Decimal("1")))
    )
    assert world.stored_product(product.id).price.amount == Decimal("1.00")


async def test_update_unknown_product(world: World) -> None:
    admin = world.add_admin()
    with pytest.raises(ProductNotFoundError):
        await (
            world.request(admin)
            .update_product()
            .execute(UpdateProductCommand(UUID(int=999), name="Ghost"))
        )


async def test_update_product_needs_an_admin(world: World) -> None:
    user = world.add_user("user@example.com")
    product = world.add_product("Dune")
    with pytest.raises(AuthorizationError):
        await (
            world.request(user)
            .update_product()
            .execute(UpdateProductCommand(product.id, name="Hacked"))
        )
    assert world.stored_product(product.id).name.value == "Dune"


async def test_update_to_a_taken_name_changes_nothing(world: World) -> None:
    admin = world.add_admin()
    world.add_product("Dune")
    emma = world.add_product("Emma", price="5.00")
    with pytest.raises(ProductNameTakenError):
        await (
            world.request(admin)
            .update_product()
            .execute(UpdateProductCommand(emma.id, name="Dune", price=Decimal("6")))
        )
    assert _fields(world.stored_product(emma.id)) == _fields(emma)
    assert world.store.commits == 0


async def test_update_with_an_invalid_field_changes_nothing(world: World) -> None:
    admin = world.add_admin()
    product = world.add_product("Dune")
    with pytest.raises(DomainValidationError) as caught:
        await (
            world.request(admin)
            .update_product()
            .execute(UpdateProductCommand(product.id, name="Renamed", category="   "))
        )
    assert caught.value.field == "category"
    assert _fields(world.stored_product(product.id)) == _fields(product)


# DeleteProduct


async def test_delete_product_removes_it(world: World) -> None:
    admin = world.add_admin()
    doomed = world.add_product("Dune")
    kept = world.add_product("Emma")
    await world.request(admin).delete_product().execute(DeleteProductCommand(doomed.id))
    assert list(world.store.products) == [kept.id]
    with pytest.raises(ProductNotFoundError):
        await world.request().get_product().execute(GetProductQuery(doomed.id))


async def test_delete_unknown_product(world: World) -> None:
    admin = world.add_admin()
    with pytest.raises(ProductNotFoundError):
        await (
            world.request(admin)
            .delete_product()
            .execute(DeleteProductCommand(UUID(int=999)))
        )


async def test_delete_product_needs_an_admin(world: World) -> None:
    user = world.add_user("user@example.com")
    product = world.add_product("Dune")
    with pytest.raises(AuthorizationError):
        await (
            world.request(user)
            .delete_product()
            .execute(DeleteProductCommand(product.id))
        )
    with pytest.raises(AuthenticationError):
        await world.request().delete_product().execute(DeleteProductCommand(product.id))
    assert list(world.store.products) == [product.id]


# GetProduct


async def test_get_product_for_anyone(world: World) -> None:
    product = world.add_product("Dune", description="Sand.")
    view = await world.request().get_product().execute(GetProductQuery(product.id))
    assert view == product_view(product)


async def test_get_unknown_product(world: World) -> None:
    world.add_product("Dune")
    with pytest.raises(ProductNotFoundError):
        await world.request().get_product().execute(GetProductQuery(UUID(int=999)))


# ListProducts


async def test_list_products_normalises_the_category_filter(world: World) -> None:
    world.add_product("Dune", category="Books")
    world.add_product("Chess", category="games")
    world.add_product("Emma", category="books")
    page = (
        await world.request()
        .list_products()
        .execute(ListProductsQuery(category="  BOOKS "))
    )
    assert [view.name for view in page.items] == ["Dune", "Emma"]
    assert page.total == 2


async def test_list_products_rejects_an_empty_category(world: World) -> None:
    with pytest.raises(DomainValidationError) as caught:
        await world.request().list_products().execute(ListProductsQuery(category=" "))
    assert caught.value.field == "category"


async def test_list_products_pages_with_the_total_of_all_matches(
    world: World,
) -> None:
    for name in ["E", "A", "D", "B", "C"]:
        world.add_product(name)
    list_products = world.request().list_products()

    middle = await list_products.execute(
        ListProductsQuery(pagination=Pagination(limit=2, offset=2))
    )
    beyond = await list_products.execute(
        ListProductsQuery(pagination=Pagination(limit=2, offset=10))
    )

    assert [view.name for view in middle.items] == ["C", "D"]
    assert (middle.total, middle.limit, middle.offset) == (5, 2, 2)
    assert beyond.items == []
    assert beyond.total == 5


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (SortOrder.ASC, ["cheap", "tie-1", "tie-2", "dear"]),
        (SortOrder.DESC, ["dear", "tie-1", "tie-2", "cheap"]),
    ],
)
async def test_list_products_by_price_breaking_ties_by_id(
    world: World, order: SortOrder, expected: list[str]
) -> None:
    world.add_product("dear", price="100.00")
    world.add_product("tie-1", price="9.00")
    world.add_product("cheap", price="0.99")
    world.add_product("tie-2", price="9.00")
    page = (
        await world.request()
        .list_products()
        .execute(ListProductsQuery(sort_by=ProductSortField.PRICE, order=order))
    )
    assert [view.name for view in page.items] == expected


# CheckHealth


@pytest.mark.parametrize("healthy", [True, False])
async def test_check_health_reports_the_probe(healthy: bool) -> None:
    probes = HealthProbes({"database": FakeHealthProbe(healthy=healthy)})

    report = await CheckHealth(probes).execute()

    assert report.ready is healthy
    assert report.answered == {"database": healthy}


async def test_check_health_names_each_failing_service() -> None:
    probes = HealthProbes(
        {
            "database": FakeHealthProbe(healthy=True),
            "redis": FakeHealthProbe(healthy=False),
            "broker": FakeHealthProbe(healthy=False),
        }
    )

    report = await CheckHealth(probes).execute()

    assert report.ready is False
    assert report.failing == ["redis", "broker"]
