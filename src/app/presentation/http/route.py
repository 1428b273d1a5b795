from collections.abc import Callable, Mapping
from typing import Any

from dishka.integrations.fastapi import DishkaRoute
from fastapi_error_map import ErrorAwareRoute, Rule
from fastapi_error_map.route_config import ATTR
from pydantic import BaseModel

from app.presentation.http.query_models import (
    parsing_query_models,
    query_models_of,
    query_parameters,
)


class Route(ErrorAwareRoute, DishkaRoute):
    """Injects FromDishka parameters, passes FromQuery models validated from
    the query string (query_models.py), and answers mapped errors as
    problems.

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
        # Read from the query string by parsing_query_models, not by FastAPI.
        self.query_models = models = query_models_of(endpoint)
        if models:
            endpoint = parsing_query_models(endpoint, models)
            kwargs["openapi_extra"] = _documented(kwargs.get("openapi_extra"), models)
            # FastAPI documents its 422 only for parameters it reads itself.
            kwargs["responses"] = {
                422: {"description": "Validation Error"},
                **(kwargs.get("responses") or {}),
            }
        super().__init__(path, endpoint, **kwargs)


def _documented(
    openapi_extra: dict[str, Any] | None, models: Mapping[str, type[BaseModel]]
) -> dict[str, Any]:
    extra = dict(openapi_extra or {})
    documented = [query_parameters(model) for model in models.values()]
    extra["parameters"] = [
        *extra.get("parameters", ()),
        *(parameter for parameters in documented for parameter in parameters),
    ]
    return extra
