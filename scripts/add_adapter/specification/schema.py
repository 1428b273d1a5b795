"""setup/spec.schema.json: the JSON Schema of the spec, for editors and for
reviewers, generated from the pydantic model so the two never disagree."""

import json

from add_adapter.files import WriteStatus, write_if_changed
from add_adapter.paths import Project
from add_adapter.specification.model import Spec

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def render_schema() -> str:
    """The schema text: sorted keys, 2-space indent, trailing newline, so it
    only changes when the model does."""
    schema = {"$schema": JSON_SCHEMA_DIALECT, **Spec.model_json_schema(by_alias=True)}
    return (
        json.dumps(
            _without_null_defaults(schema), indent=2, sort_keys=True, ensure_ascii=False
        )
        + "\n"
    )


def _without_null_defaults(node: object) -> object:
    """Drop `"default": null` of optional fields: JSON has no reason to write
    null there, and the schema says the field is a string."""
    if isinstance(node, dict):
        return {
            key: _without_null_defaults(value)
            for key, value in node.items()
            if not (key == "default" and value is None)
        }
    if isinstance(node, list):
        return [_without_null_defaults(item) for item in node]
    return node


def write_schema(project: Project) -> WriteStatus:
    """Write the schema file if it differs from `render_schema()`."""
    return write_if_changed(project.schema_path, render_schema())
