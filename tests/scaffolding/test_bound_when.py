"""Binding on a setting, tried as a new user would on a copy of the
repository: a Redis cache of a new port with `--when REDIS_URL`, then its
generated in-memory twin bound for the other case (the product cache's
story), and every scaffolding kind taking the options."""

import json
from pathlib import Path

import pytest

from .project_copy import add_adapter, tree_digest

SESSION_CACHE = "app.application.ports.session_cache.SessionCache"
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


def bind_twin_unless_redis(root: Path) -> None:
    """What the note asks for: the twin bound while REDIS_URL is unset."""
    path = root / "setup/spec.json"
    spec = json.loads(path.read_text(encoding="utf-8"))
    spec["components"].append(
        {
            "class_name": "InMemorySessionCache",
            "module": "app.infrastructure.in_memory.in_memory_session_cache",
            "layer": "infrastructure/adapter",
            "kind": "cache",
            "implements": SESSION_CACHE,
            "scope": "app",
            "when": {"setting": "REDIS_URL", "set": False},
            "description": "SessionCache in process memory.",
        }
    )
    path.write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")


def test_an_adapter_bound_on_a_setting_then_its_counterpart(project: Path) -> None:
    run = add_adapter(project, *COMMAND)

    assert run.exit_code == 0, run.output
    assert spec_entry(project, "RedisSessionCache")["when"] == {"setting": "REDIS_URL"}
    assert (
        f"note: {SESSION_CACHE} has no adapter while REDIS_URL is unset: bind one "
        'there with "when": {"setting": "REDIS_URL", "set": false}'
    ) in run.stdout
    unbound = add_adapter(project, "check")
    assert unbound.exit_code == 1
    assert f"port {SESSION_CACHE} has no binding with REDIS_URL unset" in (
        unbound.stderr
    )

    bind_twin_unless_redis(project)
    synced = add_adapter(project, "sync")
    assert synced.exit_code == 0, synced.output
    checked = add_adapter(project, "check")

    assert checked.exit_code == 0, checked.output
    assert "container built for all" in checked.stdout
    again = add_adapter(project, *COMMAND)
    assert again.exit_code == 0, again.output
    assert "nothing to change" in again.stdout
    assert "has no adapter" not in again.stdout


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
