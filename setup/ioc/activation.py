"""Choosing adapters by configuration, with Dishka's conditional activation.

A spec entry with a `when` (setup/spec.json) is generated as a binding with
a marker: `when=SettingIsSet("REDIS_URL")`, `when=~SettingIsSet("REDIS_URL")`,
or several joined with `&`. `ActivationProvider` decides every such marker
from the Settings the container is built with, once, while the container is
built (Settings is in its context), so the app itself never tests a setting
to pick an adapter.
"""

from collections.abc import Mapping

from dishka import Marker, Provider, activate
from pydantic import SecretBytes, SecretStr

from setup.config import Settings

CHECK_STAND_IN = "set by scripts/add-adapter check"
"""The value `settings_for_check` gives a setting that must be set but has
none of its own."""


class SettingIsSet(Marker):
    """Active while the setting its value names (as its environment variable,
    e.g. "REDIS_URL") is set."""


def setting_is_set(settings: Settings, name: str) -> bool:
    """Whether the setting `name` (REDIS_URL for the field `redis_url`) is set:
    configured (by the environment, .env or an argument; a default does not
    count) and not empty (None, "", False or an empty collection)."""
    field = name.lower()
    return field in settings.model_fields_set and is_filled(getattr(settings, field))


def is_filled(value: object) -> bool:
    """Not None, False, nor empty (a secret counts by its content)."""
    if isinstance(value, SecretStr | SecretBytes):
        value = value.get_secret_value()
    if value is None or value is False:
        return False
    if isinstance(value, str | bytes | list | tuple | dict | set | frozenset):
        return len(value) > 0
    return True


class ActivationProvider(Provider):
    """Decides the `when=` markers of the generated bindings from the
    settings."""

    @activate(SettingIsSet)
    def is_set(self, marker: SettingIsSet, settings: Settings) -> bool:
        return setting_is_set(settings, marker.value)


def settings_for_check(
    settings: Settings, settings_set: Mapping[str, bool]
) -> Settings:
    """`settings` with each setting `settings_set` names set or unset, so that
    `scripts/add-adapter check` can build the container in every combination
    the spec's `when` conditions allow. A setting to be set keeps its value, or
    its default, or gets `CHECK_STAND_IN`: building a container creates no
    object, only the activation reads it."""
    update: dict[str, object] = {}
    for name, wanted in settings_set.items():
        field = name.lower()
        if not wanted:
            update[field] = None
        elif not setting_is_set(settings, name):
            value = getattr(settings, field)
            update[field] = value if is_filled(value) else CHECK_STAND_IN
    return settings.model_copy(update=update)
