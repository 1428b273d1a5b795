"""Turning what is wrong with a spec into one line per problem that names the
component (by index and class_name) and the field."""

from collections.abc import Sequence

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from add_adapter.errors import EXIT_BAD_INPUT, AddAdapterError


class SpecError(AddAdapterError):
    """The spec cannot be used; `problems` holds one readable line each."""

    code = "invalid_spec"
    default_message = "the spec is invalid"
    exit_status = EXIT_BAD_INPUT

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


def describe_validation_error(
    error: ValidationError, raw: object, display_name: str
) -> list[str]:
    """`setup/spec.json: components[3] (SqlaUserReader): field 'scope': ...`
    for each error pydantic found."""
    return [_describe(details, raw, display_name) for details in error.errors()]


def _describe(details: ErrorDetails, raw: object, display_name: str) -> str:
    location = list(details["loc"])
    parts = [display_name]
    if (
        len(location) >= 2
        and location[0] == "components"
        and isinstance(location[1], int)
    ):
        index = location[1]
        parts.append(f"components[{index}]{_class_name_suffix(raw, index)}")
        location = _as_written(location[2:], _raw_component(raw, index))
    if location:
        parts.append(f"field '{_field_path(location)}'")
    parts.append(details["msg"])
    return ": ".join(parts)


def _raw_component(raw: object, index: int | str) -> dict[str, object]:
    """The component at `index` as written, or an empty dict."""
    if not isinstance(raw, dict) or not isinstance(index, int):
        return {}
    components = raw.get("components")
    if not isinstance(components, list) or index >= len(components):
        return {}
    component = components[index]
    return component if isinstance(component, dict) else {}


def _class_name_suffix(raw: object, index: int | str) -> str:
    """` (ClassName)` as written in the raw component, if it has one."""
    class_name = _raw_component(raw, index).get("class_name")
    return f" ({class_name})" if isinstance(class_name, str) else ""


def _as_written(
    location: Sequence[int | str], component: dict[str, object]
) -> list[int | str]:
    """Drop the `[0]` pydantic adds where a field takes one item or a list
    and the spec gives one item (`"implements": "app...Port"`, `"when": {...}`)."""
    if (
        len(location) >= 2
        and isinstance(location[0], str)
        and location[1] == 0
        and location[0] in component
        and not isinstance(component[location[0]], list)
    ):
        return [location[0], *location[2:]]
    return list(location)


def _field_path(location: Sequence[int | str]) -> str:
    """('methods', 0, 'parameters') -> `methods[0].parameters`."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
