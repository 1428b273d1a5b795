"""The string types of the spec's names (class names, module and port paths):
each validated with a message that says what was expected, and shown in the
JSON schema as a pattern."""

import re
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from add_adapter.naming import is_dotted_path, is_identifier

IDENTIFIER_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
CLASS_NAME_PATTERN = r"^[A-Z][A-Za-z0-9]*$"
MODULE_PATH_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"
PORT_PATH_PATTERN = r"^([A-Za-z_][A-Za-z0-9_]*\.)+[A-Z][A-Za-z0-9]*$"
SETTING_NAME_PATTERN = r"^[A-Z][A-Z0-9_]*$"


def _is_class_name(value: str) -> bool:
    return is_identifier(value) and value[:1].isupper() and "_" not in value


def is_port_path(value: str) -> bool:
    module, _, class_name = value.rpartition(".")
    return bool(module) and is_dotted_path(module) and _is_class_name(class_name)


def _name_error(value: str, expectation: str) -> PydanticCustomError:
    return PydanticCustomError(
        "invalid_name",
        "'{value}' is not {expectation}",
        {"value": value, "expectation": expectation},
    )


def _require_identifier(value: str) -> str:
    if not is_identifier(value):
        raise _name_error(value, "a Python name")
    return value


def _require_class_name(value: str) -> str:
    if not _is_class_name(value):
        raise _name_error(value, "a PascalCase class name, like SqlaUserReader")
    return value


def _require_module_path(value: str) -> str:
    if not is_dotted_path(value):
        raise _name_error(
            value, "a dotted module path, like app.infrastructure.adapters.sqla_x"
        )
    return value


def _require_port_path(value: str) -> str:
    if not is_port_path(value):
        raise _name_error(
            value, "a dotted module.ClassName path, like app.application.ports.x.X"
        )
    return value


def _require_setting_name(value: str) -> str:
    if not re.fullmatch(SETTING_NAME_PATTERN, value):
        raise _name_error(
            value, "a setting's environment variable, in capitals, like REDIS_URL"
        )
    return value


Identifier = Annotated[
    str,
    AfterValidator(_require_identifier),
    WithJsonSchema({"type": "string", "pattern": IDENTIFIER_PATTERN}),
]
ClassName = Annotated[
    str,
    AfterValidator(_require_class_name),
    WithJsonSchema({"type": "string", "pattern": CLASS_NAME_PATTERN}),
]
ModulePath = Annotated[
    str,
    AfterValidator(_require_module_path),
    WithJsonSchema({"type": "string", "pattern": MODULE_PATH_PATTERN}),
]
PortPath = Annotated[
    str,
    AfterValidator(_require_port_path),
    WithJsonSchema({"type": "string", "pattern": PORT_PATH_PATTERN}),
]
SettingName = Annotated[
    str,
    AfterValidator(_require_setting_name),
    WithJsonSchema({"type": "string", "pattern": SETTING_NAME_PATTERN}),
]
"""A field of setup/config.py Settings as its environment variable: the field
name in capitals (`redis_url` is `REDIS_URL`)."""
