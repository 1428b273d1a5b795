"""The spec (setup/spec.json) as pydantic models, and loading it with errors a
person can act on.

The models forbid unknown fields, so a typo in a field name is an error rather
than a silently ignored setting.
"""

import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.config import JsonDict, JsonValue
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from add_adapter.naming import is_within
from add_adapter.paths import SPEC_PATH
from add_adapter.specification.errors import SpecError, describe_validation_error
from add_adapter.specification.names import (
    ClassName,
    Identifier,
    ModulePath,
    PortPath,
    SettingName,
)
from add_adapter.specification.vocabulary import (
    PORT_PACKAGES,
    SELF_PROVIDED_KINDS,
    Kind,
    Layer,
    Scope,
)

SPEC_DISPLAY_NAME = SPEC_PATH.as_posix()
"""How messages name the spec file."""


def _one_or_many(value: object) -> object:
    """Accept a single port path where a list of them is expected."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list | tuple):
        raise PydanticCustomError(
            "invalid_ports", "should be a port path or a list of port paths"
        )
    return value


def _one_or_many_conditions(value: object) -> object:
    """Accept a single condition where a list of them is expected."""
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list | tuple):
        raise PydanticCustomError(
            "invalid_conditions",
            'should be a condition like {"setting": "REDIS_URL"}, or a list of them',
        )
    return value


class StrictModel(BaseModel):
    """Immutable, and rejects fields it does not know."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class MethodSpec(StrictModel):
    """A method the scaffolding writes into a new port and its adapter."""

    method_name: Identifier
    parameters: tuple[str, ...] = Field(
        default=(),
        description="Parameters as written in code, e.g. 'user_id: UserId'.",
    )
    return_type: str
    description: str | SkipJsonSchema[None] = None


class SettingCondition(StrictModel):
    """Holds while a setting is set (configured, and not empty) or, with
    `"set": false`, while it is not."""

    setting: SettingName = Field(
        description="A field of setup/config.py Settings, as its environment "
        "variable (REDIS_URL for redis_url)."
    )
    set: StrictBool = Field(
        default=True,
        description="true (the default): the component is bound while the "
        "setting is set; false: while it is not.",
    )

    @property
    def text(self) -> str:
        """`REDIS_URL set` / `REDIS_URL unset`."""
        return f"{self.setting} {'set' if self.set else 'unset'}"


_SELF_PROVIDED: list[JsonValue] = [kind.value for kind in sorted(SELF_PROVIDED_KINDS)]

IMPLEMENTS_ONLY_FOR_ADAPTERS: JsonDict = {
    "if": {"properties": {"kind": {"enum": _SELF_PROVIDED}}},
    "then": {
        "properties": {"implements": {"maxItems": 0, "type": "array"}},
        "not": {"required": ["when"]},
    },
    "else": {
        "required": ["implements"],
        "properties": {"implements": {"minItems": 1}},
    },
}
"""`implements` is required for adapters and forbidden for use cases and
services; `when` is forbidden for them too (a use case is always provided)."""


class Component(StrictModel):
    """One class the container provides: an adapter bound to its ports, or a
    use case provided as itself."""

    model_config = ConfigDict(
        json_schema_extra={"allOf": [IMPLEMENTS_ONLY_FOR_ADAPTERS]}
    )

    class_name: ClassName
    module: ModulePath = Field(description="The module defining the class.")
    layer: Layer
    kind: Kind
    implements: Annotated[
        tuple[PortPath, ...],
        BeforeValidator(_one_or_many, json_schema_input_type=PortPath | list[PortPath]),
    ] = Field(
        default=(),
        validate_default=True,
        description="The port(s) the adapter is bound to, as module.ClassName.",
    )
    scope: Scope
    when: Annotated[
        tuple[SettingCondition, ...],
        BeforeValidator(
            _one_or_many_conditions,
            json_schema_input_type=SettingCondition
            | Annotated[list[SettingCondition], Field(min_length=1)],
        ),
    ] = Field(
        default=(),
        description="Bind the adapter only while this condition holds (or all "
        "of these): several adapters may implement one port when exactly one "
        "of them is bound in every combination of the settings.",
    )
    description: str
    dependencies: tuple[str, ...] = ()
    methods: tuple[MethodSpec, ...] = ()
    config: tuple[str, ...] = ()
    table_name: str | SkipJsonSchema[None] = None
    columns: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()
    code_path: str | SkipJsonSchema[None] = None
    test_path: str | SkipJsonSchema[None] = None

    @field_validator("implements")
    @classmethod
    def _ports_fit_the_kind(
        cls, ports: tuple[str, ...], info: ValidationInfo
    ) -> tuple[str, ...]:
        """Adapters name their ports, which live in the domain or application
        layer; use cases are provided as themselves."""
        kind = info.data.get("kind")
        if kind is None:
            return ports
        if kind in SELF_PROVIDED_KINDS:
            if ports:
                raise PydanticCustomError(
                    "forbidden_for_use_case",
                    "a {kind} is provided as itself and implements no port",
                    {"kind": kind.value},
                )
            return ports
        if not ports:
            raise PydanticCustomError(
                "missing_ports",
                "kind '{kind}' needs the port(s) it implements",
                {"kind": kind.value},
            )
        for port in ports:
            if not any(is_within(port, package) for package in PORT_PACKAGES):
                raise PydanticCustomError(
                    "port_outside_core",
                    "port '{port}' must live under {packages}",
                    {"port": port, "packages": " or ".join(PORT_PACKAGES)},
                )
            if ports.count(port) > 1:
                raise PydanticCustomError(
                    "duplicate_port", "port '{port}' is listed twice", {"port": port}
                )
        return ports

    @field_validator("when")
    @classmethod
    def _conditions_fit_the_kind(
        cls, conditions: tuple[SettingCondition, ...], info: ValidationInfo
    ) -> tuple[SettingCondition, ...]:
        """Only adapters are bound on a condition; each setting is named once."""
        kind = info.data.get("kind")
        if kind in SELF_PROVIDED_KINDS:
            raise PydanticCustomError(
                "forbidden_for_use_case",
                "a {kind} is always provided; only adapters are bound on a condition",
                {"kind": kind.value},
            )
        if not conditions:
            raise PydanticCustomError(
                "no_conditions", "should name at least one setting (or be left out)"
            )
        names = [condition.setting for condition in conditions]
        for name in names:
            if names.count(name) > 1:
                raise PydanticCustomError(
                    "duplicate_setting",
                    "setting '{setting}' is named twice",
                    {"setting": name},
                )
        return conditions

    @property
    def conditions(self) -> tuple[SettingCondition, ...]:
        """The `when` conditions, sorted by setting (empty: always bound)."""
        return tuple(sorted(self.when, key=lambda condition: condition.setting))

    @property
    def condition_text(self) -> str:
        """`REDIS_URL set`, `A set, B unset`; empty when always bound."""
        return ", ".join(condition.text for condition in self.conditions)

    @property
    def dotted_path(self) -> str:
        """`module.ClassName` of the component's class."""
        return f"{self.module}.{self.class_name}"

    @property
    def is_use_case(self) -> bool:
        """Use cases and application services: provided as themselves."""
        return self.kind in SELF_PROVIDED_KINDS


class Spec(StrictModel):
    """The whole of setup/spec.json: every class the Dishka container provides."""

    model_config = ConfigDict(populate_by_name=True, title="add-adapter spec")

    schema_reference: str | SkipJsonSchema[None] = Field(default=None, alias="$schema")
    components: tuple[Component, ...]

    @property
    def adapters(self) -> tuple[Component, ...]:
        """Components bound to ports."""
        return tuple(c for c in self.components if not c.is_use_case)

    @property
    def use_cases(self) -> tuple[Component, ...]:
        return tuple(c for c in self.components if c.is_use_case)

    @property
    def condition_settings(self) -> tuple[str, ...]:
        """Every setting a `when` names, sorted."""
        return tuple(sorted({cond.setting for c in self.components for cond in c.when}))


def parse_spec(text: str, display_name: str = SPEC_DISPLAY_NAME) -> Spec:
    """Validate spec JSON text; raise `SpecError` listing every problem."""
    return validate_spec(decode_spec_json(text, display_name), display_name)


def load_spec(path: Path, display_name: str = SPEC_DISPLAY_NAME) -> Spec:
    """Read and validate the spec file; raise `SpecError` if it is missing,
    malformed or invalid."""
    return validate_spec(read_spec_json(path, display_name), display_name)


def read_spec_json(path: Path, display_name: str = SPEC_DISPLAY_NAME) -> Any:
    """The spec file's JSON, not validated yet; `SpecError` if it is missing
    or not JSON."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise SpecError([f"{display_name}: file not found ({path})"]) from error
    return decode_spec_json(text, display_name)


def decode_spec_json(text: str, display_name: str = SPEC_DISPLAY_NAME) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SpecError(
            [f"{display_name}: line {error.lineno}, column {error.colno}: {error.msg}"]
        ) from error


def validate_spec(raw: object, display_name: str = SPEC_DISPLAY_NAME) -> Spec:
    """The Spec of decoded spec JSON; raise `SpecError` listing every problem."""
    try:
        spec = Spec.model_validate(raw)
    except ValidationError as error:
        raise SpecError(describe_validation_error(error, raw, display_name)) from error
    duplicates = _find_duplicates(spec, display_name)
    if duplicates:
        raise SpecError(duplicates)
    return spec


def _find_duplicates(spec: Spec, display_name: str) -> list[str]:
    """A class listed twice (same class_name and module) is an error: it would
    be bound twice."""
    first_seen: dict[str, int] = {}
    problems = []
    for index, component in enumerate(spec.components):
        earlier = first_seen.setdefault(component.dotted_path, index)
        if earlier != index:
            problems.append(
                f"{display_name}: components[{index}] ({component.class_name}): "
                f"{component.dotted_path} is already listed as components[{earlier}]"
            )
    return problems
