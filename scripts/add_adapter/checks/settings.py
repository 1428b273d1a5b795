"""Check 8: each setting a `when` names is a field of the project's Settings,
and the marker type the generated providers use for it imports."""

import difflib

from dishka import Marker

from add_adapter.introspection.project_imports import describe_exception, import_object
from add_adapter.paths import (
    SETTING_MARKER,
    SETTINGS_PATH,
)
from add_adapter.specification.model import SPEC_DISPLAY_NAME, Spec


def condition_setting_problems(spec: Spec) -> list[str]:
    """One message per `when` naming a setting Settings does not have, or one
    saying why the settings (or the marker type) cannot be checked."""
    if not spec.condition_settings:
        return []
    problems = _marker_problems()
    cannot_check = (
        f"{SPEC_DISPLAY_NAME} binds adapters on settings (when), but {SETTINGS_PATH}"
    )
    try:
        settings_class = import_object(SETTINGS_PATH)
    except Exception as error:  # a module may raise anything while importing
        return [
            *problems,
            f"{cannot_check} does not import: {describe_exception(error)}",
        ]
    model_fields = getattr(settings_class, "model_fields", None)
    if not isinstance(model_fields, dict):
        return [*problems, f"{cannot_check} is not a pydantic settings class"]
    fields = set(model_fields)
    known = sorted(field.upper() for field in fields)
    for index, component in enumerate(spec.components):
        for position, condition in enumerate(component.when):
            if condition.setting.lower() in fields:
                continue
            field = "when" if len(component.when) == 1 else f"when[{position}]"
            close = difflib.get_close_matches(condition.setting, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            problems.append(
                f"{SPEC_DISPLAY_NAME}: components[{index}] "
                f"({component.class_name}): field '{field}.setting': "
                f"'{condition.setting}' is not a setting: {SETTINGS_PATH} has "
                f"no field '{condition.setting.lower()}'{hint}"
            )
    return problems


def _marker_problems() -> list[str]:
    try:
        marker = import_object(SETTING_MARKER)
    except Exception as error:  # a module may raise anything while importing
        return [
            f"the generated providers mark conditional bindings with "
            f"{SETTING_MARKER}, which does not import: {describe_exception(error)}"
        ]
    if not (isinstance(marker, type) and issubclass(marker, Marker)):
        return [f"{SETTING_MARKER} is not a dishka Marker subclass"]
    return []
