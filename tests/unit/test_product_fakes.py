"""The in-memory catalog fakes keep the promises of the ports, as the core's
do (tests/unit/test_fakes.py)."""

import uuid

import pytest

from app.application.common.pagination import Pagination, SortOrder
from app.application.query_models.product_view import ProductSortField
from app.domain.exceptions import ProductNameTakenError
from app.domain.value_objects.ids import ProductId
from app.domain.value_objects.product_fields import ProductName
from tests.unit.world import World


async def test_changes_are_invisible_until_commit_and_lost_without_it(
    world: World,
) -> None:
    product = world.add_product("Dune")
    request = world.request()
    loaded = await request.products.get_by_id(product.id)
    assert loaded is not None
    loaded.name = ProductName("Dune Messiah")
    assert world.stored_product(product.id).name.value == "Dune"
    await request.products.update(loaded)
    assert world.stored_product(product.id).name.value == "Dune"
    view = await request.product_reader.get_product(product.id)
    assert view is not None
    assert view.name == "Dune"
    await request.transaction.commit()
    assert world.stored_product(product.id).name.value == "Dune Messiah"


async def test_mutating_a_loaded_entity_changes_nothing_without_update(
    world: World,
) -> None:
    product = world.add_product("Dune")
    request = world.request()
    loaded = await request.products.get_by_id(product.id)
    assert loaded is not None
    loaded.name = ProductName("Changed")
    await request.transaction.commit()
    assert world.stored_product(product.id).name.value == "Dune"


async def test_update_of_an_entity_never_loaded_is_refused(world: World) -> None:
    product = world.add_product("Dune")
    with pytest.raises(LookupError):
        await world.request().products.update(product)


async def test_flush_reports_a_duplicate_product_name(world: World) -> None:
    world.add_product("Dune")
    second = world.add_product("Emma")
    request = world.request()
    loaded = await request.products.get_by_id(second.id)
    assert loaded is not None
    loaded.name = ProductName("Dune")
    await request.products.update(loaded)
    with pytest.raises(ProductNameTakenError):
        await request.transaction.flush()
    await request.transaction.commit()
    assert world.stored_product(second.id).name.value == "Emma"


async def test_product_reader_filters_by_category_before_counting(
    world: World,
) -> None:
    world.add_product("A", category="books")
    world.add_product("B", category="games")
    world.add_product("C", category="books")
    page = await world.request().product_reader.list_products(
        Pagination(limit=1), ProductSortField.NAME, SortOrder.ASC, "books"
    )
    assert page.total == 2
    assert [view.name for view in page.items] == ["A"]


async def test_products_by_ids_leave_unknown_ids_out_and_are_copies(
    world: World,
) -> None:
    dune = world.add_product("Dune")
    emma = world.add_product("Emma")
    world.add_product("Ulysses")
    unknown = ProductId(uuid.uuid4())
    request = world.request()

    found = await request.products.get_by_ids([emma.id, unknown, dune.id])

    assert set(found) == {dune.id, emma.id}
    assert found[dune.id].name.value == "Dune"
    found[dune.id].name = ProductName("Changed")
    assert world.stored_product(dune.id).name.value == "Dune"
