"""How a request finds its route: the app matches its routes itself (router.py),
and a route turns away a path that does not start like its own before
trying its regular expression (Route.matches). Counted, not timed."""

import re
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from app.presentation.http.route import Route


class _CountingPattern:
    """A route's compiled path, noting each path it is tried on."""

    def __init__(self, pattern: re.Pattern[str], tried: list[str], name: str) -> None:
        self._pattern = pattern
        self._tried = tried
        self._name = name

    def match(self, path: str) -> Any:
        self._tried.append(self._name)
        return self._pattern.match(path)


@pytest.fixture
def tried(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The routes whose regular expression a request tried, in order."""
    tried: list[str] = []
    for route in app.router.routes:
        if isinstance(route, Route):
            name = f"{sorted(route.methods)[0]} {route.path}"
            counting = _CountingPattern(route.path_regex, tried, name)
            monkeypatch.setattr(route, "path_regex", counting)
    return tried


async def test_only_routes_whose_path_starts_alike_are_tried(
    client: AsyncClient, tried: list[str]
) -> None:
    response = await client.post(
        "/api/v1/users/00000000-0000-0000-0000-000000000000/deactivate"
    )

    # Signed out: refused, but by the route it was meant for.
    assert response.status_code == 401, response.text
    # Not /api/v1/users/me, nor any route of another prefix; the listing,
    # /api/v1/users, starts like the path, and its expression says no.
    assert tried == ["GET /api/v1/users", "POST /api/v1/users/{user_id}/deactivate"]


async def test_a_known_path_with_another_method_is_still_405(
    client: AsyncClient,
) -> None:
    response = await client.delete("/api/v1/users/me")

    assert response.status_code == 405, response.text


async def test_behind_a_root_path_routes_are_found_as_before(app: FastAPI) -> None:
    transport = ASGITransport(app, root_path="/service")
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        found = await client.get("/service/health/live")
        missing = await client.get("/service/api/v1/nothing-here")

    assert found.status_code == 200, found.text
    assert missing.status_code == 404, missing.text
