"""Runs Alembic from code: at start-up, in the CLI and in tests."""

from pathlib import Path

from alembic import command
from alembic.config import Config

import app.infrastructure.persistence as persistence

_SCRIPT_LOCATION = Path(__file__).resolve().parent / "alembic"
VERSIONS_LOCATION = (
    Path(persistence.__file__).resolve().parent / "migrations" / "versions"
)


def alembic_config(database_url: str) -> Config:
    """An Alembic config equal to alembic.ini's, usable without a checkout."""
    config = Config()
    config.set_main_option("script_location", str(_SCRIPT_LOCATION))
    config.set_main_option("version_locations", str(VERSIONS_LOCATION))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = database_url
    return config


def upgrade_to_head(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")
