"""Binding on a setting, tried as a new user would on a copy of a service
made from the base: a Redis cache of a new port with `--when REDIS_URL`,
then its generated in-memory twin bound for the other case, and every
scaffolding kind taking the options."""

import json
from pathlib import Path

import pytest

from .project_copy import add_adapter, tree_digest

SESSION_CACHE = "app.application.ports.session_cache.SessionCache"
TWIN = "src/app/infrastructure/in_memory/in_memory_session_cache.py"
COMMAND = ("cache", "RedisSessionCache", "--port", SESSION_CACHE, "--when", "REDIS_URL")
ADAPTER_KINDS = (
    "data-mapper",
    "reader",
    "repository",
    "http-client",
    "pipeline-step",
    "identity-provider",
    "access-revoker",
    "cache",
    "message-publisher",
    "file-storage",
)


def spec_entry(root: Path, class_name: str) -> dict[str, object]:
    spec = json.loads((root / "setup/spec.json").read_text(encoding="utf-8"))
    [entry] = [c for c in spec["components"] if c["class_name"] == class_name]
    return dict(entry)


def test_a_cache_bound_on_a_setting_binds_its_twin_where_it_is_not(
    project: Path,
) -> None:
    # Before, the twin's entry was left to the user, and `check` failed until
    # it was written (issue 12, item 7).
    run = add_adapter(project, *COMMAND)

    assert run.exit_code == 0, run.output
    assert spec_entry(project, "RedisSessionCache")["when"] == {"setting": "REDIS_URL"}
    assert spec_entry(project, "InMemorySessionCache")["when"] == {
        "setting": "REDIS_URL",
        "set": False,
    }
    assert "has no adapter" not in run.stdout
    # Bound, the twin is an adapter the app runs on: in the app, not the tests.
    assert (project / TWIN).exists()
    assert not (project / "tests/support/doubles/in_memory_session_cache.py").exists()
    checked = add_adapter(project, "check")
    assert checked.exit_code == 0, checked.output
    assert "container built for all" in checked.stdout
    again = add_adapter(project, *COMMAND)
    assert again.exit_code == 0, again.output
    assert "nothing to change" in again.stdout

    removed = add_adapter(project, "remove", "RedisSessionCache")

    # The twin stays, bound always: `remove` takes out the one adapter named
    # (removing the twin then takes the port along).
    assert removed.exit_code == 0, removed.output
    assert "when" not in spec_entry(project, "InMemorySessionCache")
    assert "note: InMemorySessionCache binds" in removed.stdout
    assert add_adapter(project, "check").exit_code == 0
    again = add_adapter(project, "remove", "InMemorySessionCache")
    assert again.exit_code == 0, again.output
    spec = (project / "setup/spec.json").read_text(encoding="utf-8")
    assert "SessionCache" not in spec
    assert not (project / "src/app/application/ports/session_cache.py").exists()
    assert not (project / TWIN).exists()
    assert add_adapter(project, "check").exit_code == 0


def test_a_kind_without_a_stand_in_says_what_to_bind_without_a_terminal(
    project: Path,
) -> None:
    run = add_adapter(
        project,
        "http-client",
        "HttpFxRates",
        "--port",
        "app.application.ports.fx_rates.FxRates",
        "--method",
        "get_rate(currency: str) -> dict",
        "--when",
        "FX_RATES_BASE_URL",
        "--no-input",
    )

    assert run.exit_code == 0, run.output
    assert (
        "note: app.application.ports.fx_rates.FxRates has no adapter while "
        'FX_RATES_BASE_URL is unset: bind one there with "when": '
        '{"setting": "FX_RATES_BASE_URL", "set": false}'
    ) in run.stdout


def test_an_unknown_setting_exits_2_and_writes_nothing(project: Path) -> None:
    before = tree_digest(project)

    run = add_adapter(project, *COMMAND[:-1], "REDIS_ULR")

    assert run.exit_code == 2, run.output
    assert (
        "error: --when[0]: 'REDIS_ULR' is not a setting: setup.config.Settings has "
        "no field 'redis_ulr'"
    ) in run.stderr
    assert "(did you mean REDIS_URL?)" in run.stderr
    assert tree_digest(project) == before


@pytest.mark.parametrize("kind", ADAPTER_KINDS)
def test_every_adapter_kind_takes_when_and_unless(
    repository_template: Path, kind: str
) -> None:
    run = add_adapter(repository_template, kind, "--help")

    assert run.exit_code == 0, run.output
    assert "--when" in run.stdout
    assert "--unless" in run.stdout
