"""What cached product pages decode to, kept beside them in this process."""

from app.application.common.pagination import Page
from app.application.query_models.product_view import ProductView

# Enough for every page a busy catalog is asked for between two writes; a
# page of 100 products is about 20 KB of JSON, so at most a few MB.
MAX_PAGES = 256


class DecodedProductPages:
    """Product pages by the cached bytes they were decoded from (app-scoped).

    A cache hit then costs a dict lookup, not a JSON decode and a ProductView
    per product: on the in-process cache the bytes are the very object stored,
    from Redis equal bytes (the key is the content, so a page is only ever
    what its bytes decode to). The same Page object answers every hit, which
    also lets the presentation render its body once. Pages are never changed
    after they are made, so sharing one between requests is safe.

    The oldest page is forgotten when MAX_PAGES are held: a new generation
    (a product write) makes new bytes, and the old pages are never asked for
    again.
    """

    def __init__(self) -> None:
        # No argument, so that Dishka can build it.
        self._max_pages = MAX_PAGES
        self._pages: dict[bytes, Page[ProductView]] = {}

    @classmethod
    def holding(cls, max_pages: int) -> "DecodedProductPages":
        """Pages that keep at most ``max_pages``."""
        pages = cls()
        pages._max_pages = max_pages
        return pages

    def get(self, raw: bytes) -> Page[ProductView] | None:
        return self._pages.get(raw)

    def keep(self, raw: bytes, page: Page[ProductView]) -> None:
        if len(self._pages) >= self._max_pages:
            del self._pages[next(iter(self._pages))]
        self._pages[raw] = page
