from collections.abc import Callable
from typing import Any

from dishka.integrations.fastapi import DishkaRoute
from fastapi_error_map import ErrorAwareRoute, Rule
from fastapi_error_map.route_config import ATTR


class Route(ErrorAwareRoute, DishkaRoute):
    """Injects FromDishka parameters and answers mapped errors as problems.

    Also keeps the route's declared error map readable as ``declared_errors``
    (error class -> status): Dishka wraps the endpoint, which hides the map
    fastapi-error-map attached to it, and the contract tests need it.
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        config = getattr(endpoint, ATTR, None)
        mapping = config.error_map if config is not None else {}
        self.declared_errors: dict[type[Exception], int] = {
            error: entry.status if isinstance(entry, Rule) else entry
            for error, entry in mapping.items()
        }
        super().__init__(path, endpoint, **kwargs)
