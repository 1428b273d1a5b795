from dishka.integrations.fastapi import DishkaRoute
from fastapi_error_map import ErrorAwareRoute


class Route(ErrorAwareRoute, DishkaRoute):
    """Injects FromDishka parameters and answers mapped errors as problems."""
