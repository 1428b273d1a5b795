"""`remove` of an adapter a service was shipped with (its core's, recorded as
shipped by `dev.py new`), tried on a copy of a new service: it goes without
`--force` while it is as shipped, its opposite binding is bound always, and
an edited one is kept unless forced."""

from pathlib import Path

import pytest

from .project_copy import add_adapter, spec_entries, tree_digest

pytestmark = pytest.mark.expensive

PUBLISHER = Path("src/app/infrastructure/adapters/rabbitmq_message_publisher.py")
LIMITER = Path("src/app/infrastructure/adapters/redis_log_in_rate_limiter.py")


def test_a_shipped_adapter_goes_and_its_opposite_is_bound_always(
    project: Path,
) -> None:
    run = add_adapter(project, "remove", "RabbitMqMessagePublisher")

    assert run.exit_code == 0, run.output
    entries = spec_entries(project)
    assert "RabbitMqMessagePublisher" not in entries
    assert "when" not in entries["InProcessMessageBus"]
    assert "note: InProcessMessageBus binds app.application.ports." in run.stdout
    assert not (project / PUBLISHER).exists()
    assert (project / "src/app/application/ports/message_publisher.py").exists()
    assert f"delete     {PUBLISHER.as_posix()}" in run.stdout
    checked = add_adapter(project, "check")
    assert checked.exit_code == 0, checked.output


def test_an_edited_shipped_adapter_is_kept_unless_forced(project: Path) -> None:
    limiter = project / LIMITER
    limiter.write_text(
        limiter.read_text(encoding="utf-8") + "\n# mine\n", encoding="utf-8"
    )
    before = tree_digest(project)

    refused = add_adapter(project, "remove", "RedisLogInRateLimiter")

    assert refused.exit_code == 1
    assert f"conflict   {LIMITER.as_posix()}" in refused.stdout
    assert tree_digest(project) == before
    forced = add_adapter(project, "remove", "RedisLogInRateLimiter", "--force")
    assert forced.exit_code == 0, forced.output
    assert not limiter.exists()
    assert "when" not in spec_entries(project)["InProcessLogInRateLimiter"]


def test_an_adapter_the_use_cases_need_is_refused(project: Path) -> None:
    before = tree_digest(project)

    run = add_adapter(project, "remove", "SqlaUserDataMapper")

    assert run.exit_code == 2
    assert (
        "SqlaUserDataMapper is the only adapter of app.application.ports."
        "user_data_mapper.UserDataMapper, needed by "
    ) in run.stderr
    assert "SignUp" in run.stderr
    assert tree_digest(project) == before
