from fastapi import FastAPI
from httpx import AsyncClient

from tests.http.conftest import assert_problem


async def test_an_unexpected_exception_is_an_opaque_500_problem(
    app: FastAPI, client: AsyncClient
) -> None:
    async def explode() -> None:
        raise RuntimeError("secret connection string postgres://u:p@db")

    app.add_api_route("/explode", explode)

    response = await client.get("/explode")

    body = assert_problem(response, 500, "internal_error")
    assert "secret" not in response.text
    assert body["detail"] == "The service failed unexpectedly."
