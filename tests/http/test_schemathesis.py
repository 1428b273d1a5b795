"""The API against its own OpenAPI document, with schemathesis (issue 14).

A short, seeded (derandomized) run over every operation of /openapi.json, as
an anonymous caller, a user and an admin, on the in-process app
(schemathesis.openapi.from_asgi) and PostgreSQL, the stricter of the two
databases (it refuses a NUL in text, where SQLite stores it). Every answer
must be no 5xx, of a status the operation documents, with the documented
content type, headers and body schema. Valid and invalid inputs are both
generated (NULs included), so the boundary checks are fuzzed too.

Not checked: that every schema-valid input is accepted (some are refused by
rules a schema cannot state: a common password, an id that names nothing).
"""

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from setup.app_factory import create_app
from setup.config import Settings
from tests.http.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.support.databases import empty_all_tables
from tests.support.settings import settings_for

pytestmark = pytest.mark.expensive
EXAMPLES = 10
USER_EMAIL = "fuzz-user@example.com"
USER_PASSWORD = "fuzz-user-password"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzzed_app(
    postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FastAPI]:
    folder = tmp_path_factory.mktemp("schemathesis")
    app = create_app(
        settings_for(
            postgres_url,
            initial_admin_email=ADMIN_EMAIL,
            initial_admin_password=ADMIN_PASSWORD,
            file_storage_root=folder / "files",
        )
    )
    try:
        yield app
    finally:
        # schemathesis runs the app's lifespan in its own event loop thread.
        asgi.shutdown_lifespans()
        asyncio.run(empty_all_tables(postgres_url))


@pytest.fixture(scope="module")
def api_schema(fuzzed_app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)


@pytest.fixture(scope="module")
def sessions(fuzzed_app: FastAPI, api_schema: Any) -> dict[str, dict[str, str]]:
    """The headers each caller sends: none, a user's cookie, an admin's."""
    with asgi.get_client(fuzzed_app) as client:
        signed_up = client.post(
            "/api/v1/auth/sign-up",
            json={"email": USER_EMAIL, "password": USER_PASSWORD},
        )
        assert signed_up.status_code == 201, signed_up.text
        cookie = Settings.model_fields["session_cookie_name"].default
        cookies = {}
        for name, (email, password) in {
            "user": (USER_EMAIL, USER_PASSWORD),
            "admin": (ADMIN_EMAIL, ADMIN_PASSWORD),
        }.items():
            client.cookies.clear()
            response = client.post(
                "/api/v1/auth/log-in", json={"email": email, "password": password}
            )
            assert response.status_code == 204, response.text
            cookies[name] = f"{cookie}={response.cookies[cookie]}"
    return {
        "anonymous": {},
        "user": {"Cookie": cookies["user"]},
        "admin": {"Cookie": cookies["admin"]},
    }


# Short and deterministic: the same cases every run, well under a minute.
short_run = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("caller", ["anonymous", "user", "admin"])
def test_every_operation_keeps_its_contract(
    caller: str,
    fuzzed_app: FastAPI,
    api_schema: Any,
    sessions: dict[str, dict[str, str]],
) -> None:
    headers = sessions[caller]
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    for operation in operations:
        for mode in GenerationMode:

            @short_run
            @given(case=operation.as_strategy(generation_mode=mode))
            def keeps_its_contract(case: Any) -> None:
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                keeps_its_contract()
            except Unsatisfiable:
                pass  # nothing to make invalid: the operation takes no input
            except Exception as err:  # one line per operation and mode
                failures.append(f"{operation.label} ({mode.value}): {err}")

    documented = [
        method for item in fuzzed_app.openapi()["paths"].values() for method in item
    ]
    assert len(operations) == len(documented)
    assert not failures, "\n\n".join(failures)
