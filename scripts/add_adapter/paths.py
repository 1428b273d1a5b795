"""Where things live in a project that `add-adapter` manages."""

from dataclasses import dataclass
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parents[2]
"""The repository this script belongs to: the project managed unless `--root`
names another one."""

SPEC_PATH = Path("setup/spec.json")
SCHEMA_PATH = Path("setup/spec.schema.json")
DOMAIN_PROVIDERS_PATH = Path("setup/ioc/domain.py")
APPLICATION_PROVIDERS_PATH = Path("setup/ioc/application.py")
USE_CASE_PROVIDERS_PATH = Path("setup/ioc/use_cases.py")
ADAPTER_SETTINGS_PATH = Path("setup/adapter_settings.py")
ADAPTER_CONFIGS_PROVIDER_PATH = Path("setup/ioc/adapter_configs.py")
GENERATED_PROVIDER_PATHS = (
    DOMAIN_PROVIDERS_PATH,
    APPLICATION_PROVIDERS_PATH,
    USE_CASE_PROVIDERS_PATH,
    ADAPTER_SETTINGS_PATH,
    ADAPTER_CONFIGS_PROVIDER_PATH,
)
"""The modules `sync` writes, relative to the project root: the providers,
and the settings and Config providers of the HTTP clients."""

CONTAINER_CHECK_MODULE = "setup.ioc.registry"
CONTAINER_CHECK_FUNCTION = "build_container_for_check"

IN_MEMORY_PACKAGE = "app.infrastructure.in_memory"
"""In-process twins the app runs on with no configuration: each one bound
where a setting leaves its port without its adapter (`"set": false`)."""
DOUBLES_PACKAGE = "tests.support.doubles"
"""In-memory twins the spec does not bind: test doubles, beside the tests."""

SETTINGS_MODULE = "setup.config"
SETTINGS_CLASS = "Settings"
SETTINGS_PATH = f"{SETTINGS_MODULE}.{SETTINGS_CLASS}"
"""The project's settings: a `when` in the spec names one of their fields."""
SETTING_MARKER = "setup.ioc.activation.SettingIsSet"
"""The Dishka marker type of a `when` in the generated providers
(`when=SettingIsSet("REDIS_URL")`), activated from the settings."""


@dataclass(frozen=True)
class Project:
    """A project on disk; every path the tool touches is derived from `root`."""

    root: Path

    @property
    def spec_path(self) -> Path:
        return self.root / SPEC_PATH

    @property
    def schema_path(self) -> Path:
        return self.root / SCHEMA_PATH

    @property
    def source_path(self) -> Path:
        """The directory holding the `app` package."""
        return self.root / "src"

    def absolute(self, relative_path: Path) -> Path:
        return self.root / relative_path

    def display(self, path: Path) -> str:
        """`path` as shown in messages: relative to the root when inside it."""
        absolute = path if path.is_absolute() else self.root / path
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
