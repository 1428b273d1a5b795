"""Contract tests: one test module per port, run against every implementation
of it, so implementations stay interchangeable."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import empty_all_tables, migrated_sqlite_copy

IN_MEMORY = None


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        "in_memory",
    ]
)
def store_url(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> Iterator[str | None]:
    """Where the implementation under test keeps its data: a migrated, empty
    SQLite or PostgreSQL database, or nowhere (`IN_MEMORY`, None) for the
    in-memory implementation."""
    if request.param == "in_memory":
        yield IN_MEMORY
        return
    if request.param == "sqlite":
        yield migrated_sqlite_copy(sqlite_template, tmp_path / "app.db")
        return
    url: str = request.getfixturevalue("postgres_url")
    try:
        yield url
    finally:
        asyncio.run(empty_all_tables(url))
