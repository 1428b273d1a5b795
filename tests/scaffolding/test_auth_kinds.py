"""The identity-provider and access-revoker kinds, tried as a user would on a
copy of a service made from the base: bearer-token adapters take the ports'
bindings from the cookie adapters (`--replace`), `check` and every quality
gate pass with no hand edits, the generated tests pass, the HTTP API serves
API clients by bearer token end to end, and `remove` binds the cookie
adapters again."""

import json
from pathlib import Path

import pytest

from .project_copy import (
    RepositoryCopies,
    add_adapter,
    each_quality_gate,
    pytest_in,
    run_in,
    tree_digest,
)

pytestmark = pytest.mark.expensive

IDENTITY_PORT = "app.application.ports.identity_provider.IdentityProvider"
COMMANDS = (
    ("identity-provider", "BearerTokenIdentityProvider", "--replace"),
    ("access-revoker", "BearerTokenAccessRevoker", "--replace"),
)
GENERATED_TESTS = (
    "tests/integration/auth/test_bearer_token_identity_provider.py",
    "tests/integration/auth/test_bearer_token_access_revoker.py",
)
WIRING = (
    "setup/spec.json",
    "setup/ioc/application.py",
    "setup/ioc/domain.py",
    "setup/ioc/use_cases.py",
    "setup/ioc/adapter_configs.py",
    "setup/adapter_settings.py",
)
"""The spec and every module generated from it."""

END_TO_END = '''\
"""API clients send the token log-in issues as `Authorization: Bearer`."""

from setup.config import Settings
from tests.http.conftest import ClientFactory, assert_problem, log_in, sign_up

ME = "/api/v1/users/me"


async def test_the_log_in_token_works_as_a_bearer_token(
    new_client: ClientFactory, settings: Settings
) -> None:
    browser = new_client()
    user_id = await sign_up(browser, "api@example.com", "api-password")
    await log_in(browser, "api@example.com", "api-password")
    token = browser.cookies[settings.session_cookie_name]
    api = new_client()  # sends no cookie: only the header identifies it
    bearer = {"Authorization": f"Bearer {token}"}

    me = await api.get(ME, headers=bearer)

    assert me.status_code == 200, me.text
    assert me.json()["id"] == user_id
    assert "set-cookie" not in me.headers
    assert_problem(await api.get(ME), 401, "not_authenticated")
    wrong_scheme = await api.get(ME, headers={"Authorization": f"Basic {token}"})
    problem = assert_problem(wrong_scheme, 401, "not_authenticated")
    assert "Bearer" in problem["detail"]
    # The cookie alone no longer identifies anyone.
    assert_problem(await browser.get(ME), 401, "not_authenticated")


async def test_log_out_revokes_the_bearer_token(
    new_client: ClientFactory, settings: Settings
) -> None:
    client = new_client()
    await sign_up(client, "out@example.com", "out-password")
    await log_in(client, "out@example.com", "out-password")
    token = client.cookies[settings.session_cookie_name]
    bearer = {"Authorization": f"Bearer {token}"}
    client.cookies.clear()

    logged_out = await client.post("/api/v1/auth/log-out", headers=bearer)

    assert logged_out.status_code == 204
    assert_problem(await client.get(ME, headers=bearer), 401, "not_authenticated")
'''
"""Written into the copy after the replacement: the HTTP API end to end."""


def wiring(root: Path) -> dict[str, str]:
    return {name: (root / name).read_text(encoding="utf-8") for name in WIRING}


@pytest.fixture(scope="module")
def replaced(repository_copies: RepositoryCopies) -> Path:
    root = repository_copies.fresh("bearer")
    for command in COMMANDS:
        run = add_adapter(root, *command)
        assert run.exit_code == 0, f"{command}: {run.output}"
        assert "binds it again" in run.stdout, run.stdout
    return root


def test_the_spec_binds_the_ports_to_the_new_adapters(replaced: Path) -> None:
    spec = json.loads((replaced / "setup/spec.json").read_text(encoding="utf-8"))

    names = [component["class_name"] for component in spec["components"]]
    assert "BearerTokenIdentityProvider" in names
    assert "BearerTokenAccessRevoker" in names
    assert "SqlaSessionIdentityProvider" not in names
    assert "SqlaAccessRevoker" not in names
    # The replaced adapters' code stays.
    adapters = replaced / "src/app/infrastructure/auth/adapters"
    assert (adapters / "sqla_session_identity_provider.py").exists()
    assert (adapters / "sqla_access_revoker.py").exists()


def test_check_passes(replaced: Path) -> None:
    run = add_adapter(replaced, "check")

    assert run.exit_code == 0, run.output
    assert "all checks passed" in run.stdout


@each_quality_gate
def test_quality_gates_pass_without_hand_edits(
    replaced: Path, command: tuple[str, ...]
) -> None:
    run = run_in(replaced, *command)

    assert run.exit_code == 0, run.output


def test_the_generated_tests_the_wiring_and_the_api_pass(replaced: Path) -> None:
    end_to_end = replaced / "tests/http/test_bearer_api_clients.py"
    end_to_end.write_text(END_TO_END, encoding="utf-8")

    run = pytest_in(
        replaced,
        "-q",
        *GENERATED_TESTS,
        "tests/wiring",
        str(end_to_end.relative_to(replaced)),
    )

    assert run.exit_code == 0, run.output[-5000:]
    summary = run.stdout.splitlines()[-1]
    assert " passed" in summary
    assert " skipped" not in summary


def test_running_the_commands_again_changes_nothing(replaced: Path) -> None:
    before = tree_digest(replaced)

    for command in COMMANDS:
        run = add_adapter(replaced, *command)
        assert run.exit_code == 0, run.output
        assert "nothing to change" in run.stdout

    assert tree_digest(replaced) == before


def test_a_bound_port_is_refused_without_replace(replaced: Path) -> None:
    before = tree_digest(replaced)

    run = add_adapter(replaced, "identity-provider", "ApiKeyIdentityProvider")

    assert run.exit_code == 2, run.output
    assert (
        f"{IDENTITY_PORT} is already bound to BearerTokenIdentityProvider" in run.stderr
    )
    assert "--replace" in run.stderr
    assert tree_digest(replaced) == before


def test_remove_binds_the_cookie_adapters_again(project: Path) -> None:
    before = wiring(project)

    for command in COMMANDS:
        run = add_adapter(project, *command)
        assert run.exit_code == 0, run.output
    assert wiring(project) != before
    # In the order they were added: the harder one for putting entries back.
    for name in ("BearerTokenIdentityProvider", "BearerTokenAccessRevoker"):
        run = add_adapter(project, "remove", name)
        assert run.exit_code == 0, run.output
        assert "again (replaced by" in run.stdout, run.stdout

    assert wiring(project) == before
    run = add_adapter(project, "check")
    assert run.exit_code == 0, run.output
    for path in (
        "src/app/infrastructure/auth/adapters/bearer_token_identity_provider.py",
        "src/app/infrastructure/auth/adapters/bearer_token_access_revoker.py",
        *GENERATED_TESTS,
    ):
        assert not (project / path).exists(), path
    manifest = json.loads(
        (project / "setup/generated-files.json").read_text(encoding="utf-8")
    )
    assert "replaced" not in manifest
