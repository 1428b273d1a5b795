from collections.abc import Callable, Mapping
from typing import Any

from dishka.integrations.fastapi import DishkaRoute
from fastapi_error_map import ErrorAwareRoute, Rule
from fastapi_error_map.route_config import ATTR
from pydantic import BaseModel
from starlette.routing import Match
from starlette.types import Scope

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

    # The part of the path before its first parameter, once the route is
    # matched by the app itself at the path it was declared with (see
    # matched_by_the_app); None while it may sit in an included router,
    # whose prefix the path lacks.
    _fixed_start: str | None = None

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

    def matched_by_the_app(self) -> None:
        """Says the app matches this route itself, at its own path (not
        through an included router), so matches() may turn away at once a
        path that does not start with the route's fixed part."""
        self._fixed_start = self.path.partition("{")[0]

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        # The app tries its routes one after another, and each try goes
        # through FastAPI's and Starlette's layers to the route's regular
        # expression: 1.7 us a route that does not match, 46 us to reach the
        # last one here. A string comparison first spares most of it. Behind
        # a root path (a proxy's prefix, which the path may start with) the
        # route's own match decides, as without this.
        fixed_start = self._fixed_start
        if (
            fixed_start is not None
            and not scope.get("root_path")
            and not scope["path"].startswith(fixed_start)
        ):
            return Match.NONE, {}
        return super().matches(scope)


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
