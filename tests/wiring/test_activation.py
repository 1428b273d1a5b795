"""What counts as a set setting for the generated `when=SettingIsSet(...)`
markers, and the settings `scripts/add-adapter check` builds the container
with for each combination."""

import pytest
from pydantic import SecretStr

from setup.ioc.activation import (
    CHECK_STAND_IN,
    setting_is_set,
    settings_for_check,
)
from tests.support.settings import settings_for

MEMORY = "sqlite+aiosqlite:///:memory:"


def test_a_default_does_not_count_as_set() -> None:
    settings = settings_for(MEMORY)

    assert settings.redis_url  # it has a default...
    assert not setting_is_set(settings, "REDIS_URL")  # ...nobody configured
    assert setting_is_set(settings, "DATABASE_URL")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("redis_url", "redis://cache:6379/0", True),
        ("redis_url", "", False),
        ("initial_admin_email", None, False),
        ("initial_admin_password", SecretStr(""), False),
        ("initial_admin_password", SecretStr("s3cret"), True),
        ("sql_echo", False, False),
        ("sql_echo", True, True),
        ("password_hashing_max_waiting", 0, True),
    ],
)
def test_a_configured_setting_is_set_unless_empty(
    field: str, value: object, expected: bool
) -> None:
    settings = settings_for(MEMORY, **{field: value})

    assert setting_is_set(settings, field.upper()) is expected


def test_check_sets_and_unsets_the_settings_of_a_combination() -> None:
    settings = settings_for(MEMORY, initial_admin_email="admin@example.com")

    changed = settings_for_check(
        settings,
        {"REDIS_URL": True, "AMQP_URL": False, "INITIAL_ADMIN_PASSWORD": True},
    )

    assert setting_is_set(changed, "REDIS_URL")
    assert changed.redis_url == settings.redis_url  # its default, now configured
    assert not setting_is_set(changed, "AMQP_URL")
    assert changed.initial_admin_password == CHECK_STAND_IN
    assert setting_is_set(changed, "INITIAL_ADMIN_EMAIL")  # not in the combination
    assert not setting_is_set(settings, "REDIS_URL")  # the original is unchanged
