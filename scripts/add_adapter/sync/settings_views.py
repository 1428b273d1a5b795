"""What setup/adapter_settings.py and setup/ioc/adapter_configs.py contain,
worked out from the HTTP clients of the spec (components of kind
`http_client`).

Both modules are always generated, also when the spec lists no HTTP client:
then AdapterSettings has no field and AdapterConfigsProvider provides
nothing, and setup/config.py and setup/ioc/registry.py use them unchanged.
"""

from dataclasses import dataclass
from pathlib import Path

from add_adapter.paths import (
    ADAPTER_CONFIGS_PROVIDER_PATH,
    ADAPTER_SETTINGS_PATH,
    SETTINGS_CLASS,
    SETTINGS_MODULE,
)
from add_adapter.specification.model import Spec
from add_adapter.specification.vocabulary import Kind
from add_adapter.sync.http_settings import (
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_TIMEOUT_SECONDS,
    ClientSetting,
    HttpClientNames,
    SettingRole,
    http_client_names,
)
from add_adapter.sync.imports import ImportNames
from add_adapter.sync.provider_views import sort_key


@dataclass(frozen=True)
class FieldView:
    """`name: annotation = default`."""

    name: str
    annotation: str
    default: str


@dataclass(frozen=True)
class ClientView:
    """One client: its fields in AdapterSettings, and how its Config is built."""

    class_name: str
    fields: tuple[FieldView, ...]
    method: str
    config_class: str
    service: str
    base_url_field: str
    base_url_env: str
    timeout_field: str
    max_attempts_field: str
    extras: tuple[tuple[str, str], ...]
    """(Config attribute, expression reading it from the settings)."""


@dataclass(frozen=True)
class SettingsModuleView:
    """One generated module (the header template reads `docstring` and
    `import_lines`)."""

    path: Path
    template: str
    docstring: str
    class_docstring: str
    import_lines: tuple[str, ...]
    clients: tuple[ClientView, ...]
    uses_secrets: bool = False


def http_clients(spec: Spec) -> list[HttpClientNames]:
    """The names of every HTTP client of the spec, by class name then module."""
    components = sorted(
        (c for c in spec.components if c.kind is Kind.HTTP_CLIENT), key=sort_key
    )
    return [http_client_names(c.class_name, c.module, c.config) for c in components]


def build_settings_views(spec: Spec) -> tuple[SettingsModuleView, SettingsModuleView]:
    clients = http_clients(spec)
    return _adapter_settings_view(clients), _adapter_configs_view(clients)


def _adapter_settings_view(clients: list[HttpClientNames]) -> SettingsModuleView:
    taken = ["BaseSettings", "Field", "SecretStr", "JsonApiConfig", "AdapterSettings"]
    names = ImportNames((client.config_path for client in clients), taken=taken)
    declared: set[str] = set()
    views = []
    for client in clients:
        fields = []
        for setting in client.settings:
            if setting.field_name not in declared:
                declared.add(setting.field_name)
                fields.append(_field(setting))
        views.append(_client_view(client, names.local(client.config_path), fields))
    secrets = any(
        setting.role is SettingRole.SECRET
        for client in clients
        for setting in client.settings
    )
    pydantic_names = sorted(
        ({"Field"} if clients else set()) | ({"SecretStr"} if secrets else set())
    )
    import_lines = [
        *(
            [f"from pydantic import {', '.join(pydantic_names)}"]
            if pydantic_names
            else []
        ),
        "from pydantic_settings import BaseSettings",
        *(
            ["from app.infrastructure.http.json_api import JsonApiConfig"]
            if clients
            else []
        ),
        *names.import_lines(),
    ]
    return SettingsModuleView(
        path=ADAPTER_SETTINGS_PATH,
        template="adapter_settings.py.jinja",
        docstring=(
            "The HTTP clients' settings: one field per environment variable,\n"
            "and one method per client building its configuration."
        ),
        class_docstring=(
            "Environment variables of the HTTP clients; Settings inherits them."
        ),
        import_lines=tuple(import_lines),
        clients=tuple(views),
        uses_secrets=secrets,
    )


def _adapter_configs_view(clients: list[HttpClientNames]) -> SettingsModuleView:
    taken = ["Provider", "Scope", "provide", SETTINGS_CLASS, "AdapterConfigsProvider"]
    names = ImportNames((client.config_path for client in clients), taken=taken)
    dishka_names = ["Provider", "Scope", *(["provide"] if clients else [])]
    import_lines = [
        f"from dishka import {', '.join(sorted(dishka_names))}",
        *([f"from {SETTINGS_MODULE} import {SETTINGS_CLASS}"] if clients else []),
        *names.import_lines(),
    ]
    return SettingsModuleView(
        path=ADAPTER_CONFIGS_PROVIDER_PATH,
        template="adapter_configs_provider.py.jinja",
        docstring="The configuration of each HTTP client, built from the settings.",
        class_docstring="Provides the Config of every HTTP client the spec lists.",
        import_lines=tuple(import_lines),
        clients=tuple(
            _client_view(client, names.local(client.config_path), [])
            for client in clients
        ),
    )


def _field(setting: ClientSetting) -> FieldView:
    if setting.role is SettingRole.TIMEOUT:
        return FieldView(
            setting.field_name,
            "float",
            f"Field(default={DEFAULT_TIMEOUT_SECONDS}, gt=0)",
        )
    if setting.role is SettingRole.MAX_ATTEMPTS:
        return FieldView(
            setting.field_name, "int", f"Field(default={DEFAULT_MAX_ATTEMPTS}, ge=1)"
        )
    if setting.role is SettingRole.SECRET:
        return FieldView(setting.field_name, "SecretStr | None", "None")
    return FieldView(setting.field_name, "str | None", "None")


def _client_view(
    client: HttpClientNames, config_class: str, fields: list[FieldView]
) -> ClientView:
    return ClientView(
        class_name=client.class_name,
        fields=tuple(fields),
        method=client.config_method,
        config_class=config_class,
        service=client.service,
        base_url_field=client.base_url.field_name,
        base_url_env=client.base_url.env_name,
        timeout_field=client.timeout.field_name,
        max_attempts_field=client.max_attempts.field_name,
        extras=tuple(
            (
                extra.attribute,
                f"_secret(self.{extra.field_name})"
                if extra.role is SettingRole.SECRET
                else f"self.{extra.field_name}",
            )
            for extra in client.extras
        ),
    )
