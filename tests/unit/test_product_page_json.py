"""A product page's body is written straight from the page's dataclasses
(ProductPageResponse.rendered): it must be what the response model writes."""

from decimal import Decimal
from uuid import uuid4

from app.application.common.pagination import Page
from app.application.query_models.product_view import ProductView
from app.presentation.http.schemas.products import ProductPageResponse, ProductResponse


def _page(*prices: str) -> Page[ProductView]:
    items = [
        ProductView(
            id=uuid4(),
            name=f'Product \u00e9 {number} "quoted"',
            category="tools",
            price=Decimal(price),
            description="line\nbreak",
        )
        for number, price in enumerate(prices)
    ]
    return Page(items=items, total=40, limit=20, offset=20)


def test_the_body_is_what_the_response_model_writes() -> None:
    page = _page("0.00", "12.50", "999999999.99", "3")

    assert ProductPageResponse.rendered(page) == (
        ProductPageResponse.of(page).model_dump_json().encode()
    )


def test_an_empty_page_too() -> None:
    page = _page()

    assert ProductPageResponse.rendered(page) == (
        ProductPageResponse.of(page).model_dump_json().encode()
    )


def test_the_view_has_exactly_the_fields_the_response_shows() -> None:
    # A field added to ProductView alone would be written into every page.
    assert list(ProductView.__dataclass_fields__) == list(ProductResponse.model_fields)
