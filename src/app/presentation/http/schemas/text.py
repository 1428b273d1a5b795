"""Text fields of requests: no control characters but tab and newline.

Every string a request carries (body, query, the headers the app reads) is one
of these types, so a NUL or an escape character is refused at the boundary
with a 422 naming the field, before it reaches a use case or a database. The
rule is the domain's (app.domain.value_objects.text), and the OpenAPI
document states it as a ``pattern``, so generated clients and schema-driven
tests send only what is accepted.
"""

from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from app.domain.value_objects.email import EMAIL_PATTERN
from app.domain.value_objects.text import (
    CONTROL_CHARACTER_RANGES,
    CONTROL_CHARACTERS_MESSAGE,
    has_control_characters,
)

_ALLOWED = f"[^{CONTROL_CHARACTER_RANGES}]"
PLAIN_TEXT_PATTERN = f"^{_ALLOWED}*$"
# At least one character that is neither a control character nor a space:
# the domain strips names and refuses what is left empty.
NON_BLANK_TEXT_PATTERN = f"^{_ALLOWED}*[^\\s{CONTROL_CHARACTER_RANGES}]{_ALLOWED}*$"


class _Refuses:
    """Refuses control characters and documents ``pattern`` (which states
    them and may add what the domain checks after, such as non-blank)."""

    def __init__(self, pattern: str) -> None:
        self._pattern = pattern

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            _without_control_characters, handler(source)
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self._pattern
        return json_schema


def _without_control_characters(value: str) -> str:
    if has_control_characters(value):
        raise PydanticCustomError(
            "control_characters", f"The text {CONTROL_CHARACTERS_MESSAGE}."
        )
    return value


PlainText = Annotated[str, _Refuses(PLAIN_TEXT_PATTERN)]
NonBlankText = Annotated[str, _Refuses(NON_BLANK_TEXT_PATTERN)]
EmailText = Annotated[str, _Refuses(EMAIL_PATTERN)]
