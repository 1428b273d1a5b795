"""FromQuery models (app/presentation/http/query_models.py): validated from
the query string in one pydantic call, refused and documented as FastAPI
refuses and documents a query model. Run on the users listing (admins)."""

from typing import Annotated, Any

import pytest
from fastapi import APIRouter, FastAPI, Query
from httpx import AsyncClient

from app.presentation.http.query_models import FromQuery, query_parameters
from app.presentation.http.route import Route
from app.presentation.http.schemas.users import UserListParams
from tests.http.conftest import assert_problem

USERS = "/api/v1/users"


def _locations(body: dict[str, Any]) -> list[tuple[list[str], str]]:
    return [(error["loc"], error["type"]) for error in body["errors"]]


async def test_a_value_out_of_range_is_refused_where_it_is(admin: AsyncClient) -> None:
    response = await admin.get(USERS, params={"limit": 0})

    body = assert_problem(response, 422, "validation_error")
    assert _locations(body) == [(["query", "limit"], "greater_than_equal")]


async def test_a_parameter_the_model_does_not_have_is_refused(
    admin: AsyncClient,
) -> None:
    response = await admin.get(USERS, params={"limit": 5, "colour": "red"})

    body = assert_problem(response, 422, "validation_error")
    assert _locations(body) == [(["query", "colour"], "extra_forbidden")]


async def test_the_model_reaches_the_endpoint(admin: AsyncClient) -> None:
    response = await admin.get(USERS, params={"limit": 3, "offset": 1})

    assert response.status_code == 200, response.text
    assert (response.json()["limit"], response.json()["offset"]) == (3, 1)


async def test_a_key_given_twice_counts_with_its_last_value(
    admin: AsyncClient,
) -> None:
    response = await admin.get(f"{USERS}?limit=2&limit=4")

    assert response.status_code == 200, response.text
    assert response.json()["limit"] == 4


def test_the_document_names_the_fields_and_the_422(app: FastAPI) -> None:
    operation = app.openapi()["paths"][USERS]["get"]

    assert operation["parameters"] == query_parameters(UserListParams)
    assert [p["name"] for p in operation["parameters"]] == list(
        UserListParams.model_fields
    )
    assert "422" in operation["responses"]


def test_the_parameters_are_those_fastapi_writes_for_a_query_model() -> None:
    reference = FastAPI()

    @reference.get("/users")
    async def listing(params: Annotated[UserListParams, Query()]) -> None:
        del params

    document = reference.openapi()
    schemas = document["components"]["schemas"]
    expected = [
        {**parameter, "schema": _resolved(parameter["schema"], schemas)}
        for parameter in document["paths"]["/users"]["get"]["parameters"]
    ]
    assert sorted(query_parameters(UserListParams), key=_name) == sorted(
        expected, key=_name
    )


def _name(parameter: dict[str, Any]) -> str:
    return str(parameter["name"])


def _resolved(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    reference = schema.get("$ref")
    if reference is None:
        return schema
    rest = {key: value for key, value in schema.items() if key != "$ref"}
    return {**schemas[reference.rsplit("/", 1)[-1]], **rest}


def test_a_plain_def_endpoint_is_refused_when_declared() -> None:
    router = APIRouter(route_class=Route)

    with pytest.raises(TypeError, match="listing takes FromQuery models"):

        @router.get("/users")
        def listing(params: FromQuery[UserListParams]) -> None:
            del params
