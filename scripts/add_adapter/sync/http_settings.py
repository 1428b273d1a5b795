"""The settings of each HTTP client the spec lists, named in one place.

The scaffolder writes a client's `<ClassName>Config` dataclass from these
names, and `sync` writes setup/adapter_settings.py (one field per environment
variable, one method per client building its Config) and
setup/ioc/adapter_configs.py (one provider per Config) from them, so the two
sides cannot drift apart. Everything is derived from the spec entry alone:
class name, module and `config` (the extra environment variables).
"""

import keyword
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from add_adapter.naming import snake_case

ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
"""What a configuration name looks like: UPPER_SNAKE_CASE."""

_CLASS_SUFFIXES = ("Client", "Gateway", "Adapter", "Api")
_TECHNOLOGY_WORDS = frozenset({"http", "rest", "json", "api"})
"""Words a class name may start with to say how it talks, not to whom:
`HttpShippingGateway` is the HTTP adapter of the ShippingGateway port."""
_SECRET_MARKERS = ("SECRET", "TOKEN", "PASSWORD")
_BEARER_SUFFIXES = ("SECRET_KEY", "API_KEY", "TOKEN")

DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_MAX_ATTEMPTS = 3


class SettingRole(StrEnum):
    """What an environment variable of a client configures."""

    BASE_URL = "base_url"
    TIMEOUT = "timeout"
    MAX_ATTEMPTS = "max_attempts"
    SECRET = "secret"
    PLAIN = "plain"


@dataclass(frozen=True)
class ClientSetting:
    """One environment variable of a client."""

    env_name: str
    role: SettingRole
    attribute: str = ""
    """The Config attribute holding it; empty for the three JsonApiConfig ones."""

    @property
    def field_name(self) -> str:
        """The AdapterSettings field (pydantic-settings matches it to the
        environment variable case-insensitively)."""
        return self.env_name.lower()

    @property
    def is_bearer(self) -> bool:
        """Whether the client sends it as its bearer token."""
        return self.role is SettingRole.SECRET and self.env_name.endswith(
            _BEARER_SUFFIXES
        )


@dataclass(frozen=True)
class HttpClientNames:
    """Every name derived from one HTTP client's spec entry."""

    class_name: str
    module: str
    prefix: str
    base_url: ClientSetting
    timeout: ClientSetting
    max_attempts: ClientSetting
    extras: tuple[ClientSetting, ...]

    @property
    def config_class(self) -> str:
        return f"{self.class_name}Config"

    @property
    def config_path(self) -> str:
        """`module.ConfigClass`, the dotted path the generated modules import."""
        return f"{self.module}.{self.config_class}"

    @property
    def config_method(self) -> str:
        """The AdapterSettings method (and provider) building the Config."""
        return f"{snake_case(self.class_name)}_config"

    @property
    def service(self) -> str:
        """How messages name the service: `StripeClient` -> `Stripe`."""
        return service_name(self.class_name)

    @property
    def settings(self) -> tuple[ClientSetting, ...]:
        return (self.base_url, self.timeout, self.max_attempts, *self.extras)

    @property
    def bearer(self) -> ClientSetting | None:
        """The first secret named like a token or key: sent as the bearer."""
        return next((extra for extra in self.extras if extra.is_bearer), None)


def http_client_names(
    class_name: str, module: str, config_names: Iterable[str]
) -> HttpClientNames:
    """The names of a client; `config_names` are its extra environment
    variables (a generated one listed there again is not repeated)."""
    names = list(dict.fromkeys(config_names))
    prefix = env_prefix(class_name, names)
    base_url = ClientSetting(f"{prefix}_BASE_URL", SettingRole.BASE_URL)
    timeout = ClientSetting(f"{prefix}_TIMEOUT_SECONDS", SettingRole.TIMEOUT)
    max_attempts = ClientSetting(f"{prefix}_MAX_ATTEMPTS", SettingRole.MAX_ATTEMPTS)
    generated = {base_url.env_name, timeout.env_name, max_attempts.env_name}
    extras = tuple(
        ClientSetting(
            name,
            SettingRole.SECRET if is_secret(name) else SettingRole.PLAIN,
            config_attribute(name, prefix),
        )
        for name in names
        if name not in generated
    )
    return HttpClientNames(
        class_name, module, prefix, base_url, timeout, max_attempts, extras
    )


def env_prefix(class_name: str, config_names: Iterable[str]) -> str:
    """The longest `_`-separated prefix the config names share (two or more
    names, leaving each at least one word of its own), else the service's
    words (see `service_name`), upper snake case: `StripeClient` -> `STRIPE`,
    `HttpShippingGateway` -> `SHIPPING_GATEWAY`."""
    split = [name.split("_") for name in config_names]
    if len(split) >= 2:
        common: list[str] = []
        for words in zip(*split, strict=False):
            if len(set(words)) != 1:
                break
            common.append(words[0])
        common = common[: min(len(words) for words in split) - 1]
        if common:
            return "_".join(common)
    return "_".join(_service_words(class_name)).upper()


def service_name(class_name: str) -> str:
    """How messages and docstrings name the service the client calls.

    A class named after its provider and role loses the role:
    `StripeClient` -> `Stripe`, `ShippingGatewayClient` -> `Shipping Gateway`.
    A class named technology + port (`HttpShippingGateway`, `RestWeatherApi`)
    loses the technology word and keeps the port's name whole: `Shipping
    Gateway`, `Weather Api`. The technology word stays when nothing but role
    words would be left (`HttpClient` -> `Http`).
    """
    return " ".join(_service_words(class_name)).title()


def is_secret(env_name: str) -> bool:
    """Names containing SECRET, TOKEN or PASSWORD, or ending in _KEY."""
    return any(marker in env_name for marker in _SECRET_MARKERS) or (
        env_name.endswith("_KEY")
    )


def config_attribute(env_name: str, prefix: str) -> str:
    """`STRIPE_SECRET_KEY` under prefix `STRIPE` -> `secret_key`."""
    return env_name.removeprefix(f"{prefix}_").lower()


def config_name_problem(env_name: str, prefix: str) -> str | None:
    """Why `env_name` cannot be a client's extra setting, or None."""
    if ENV_NAME.match(env_name) is None:
        return f"'{env_name}' is not an environment variable name (UPPER_SNAKE_CASE)"
    attribute = config_attribute(env_name, prefix)
    if not attribute.isidentifier() or keyword.iskeyword(attribute):
        return f"'{env_name}' gives attribute '{attribute}', not a Python name"
    if attribute == "api":
        return f"'{env_name}' gives attribute 'api', which holds the JsonApiConfig"
    return None


def _service_words(class_name: str) -> list[str]:
    """The lower-case words naming the service (see `service_name`)."""
    first, *rest = snake_case(class_name).split("_")
    roles = {suffix.lower() for suffix in _CLASS_SUFFIXES}
    if first in _TECHNOLOGY_WORDS and any(
        word not in roles and word not in _TECHNOLOGY_WORDS for word in rest
    ):
        return rest
    return snake_case(_without_role(class_name)).split("_")


def _without_role(class_name: str) -> str:
    for suffix in _CLASS_SUFFIXES:
        if class_name.endswith(suffix) and class_name != suffix:
            return class_name.removesuffix(suffix)
    return class_name
