"""How each field of a resource's entity is written in its HTTP schemas: the
annotation and the bounds that refuse, with a 422, what its column could not
store (a text too long, an integer past 32 bits), so that no request reaches
the database with a value it would fail on."""

from dataclasses import dataclass

from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.fields import Field

INT32 = "ge=-2_147_483_648, le=2_147_483_647"

_BOUNDS: dict[str, tuple[str, str]] = {
    # type name: (annotation in a request, Field(...) arguments)
    "int": ("int", INT32),
    "float": ("float", "allow_inf_nan=False"),
    "bool": ("bool", ""),
    # Numeric(18, 6): at most 12 digits before the point and 6 after.
    "Decimal": ("Decimal", "max_digits=18, decimal_places=6, allow_inf_nan=False"),
    "UUID": ("UUID", ""),
    "date": ("date", ""),
    # The column refuses naive datetimes: the request does too.
    "datetime": ("AwareDatetime", ""),
}
SUPPORTED = ("str", *_BOUNDS)


@dataclass(frozen=True)
class SchemaField:
    name: str
    nullable: bool
    annotation: str
    """In a request: `NonBlankText`, `int`, `AwareDatetime`."""
    bounds: str
    """`Field` arguments besides the default: `min_length=1, max_length=255`."""

    def declaration(self, *, optional: bool) -> str:
        """`title: NonBlankText = Field(min_length=1, max_length=255)`; with
        `optional` (or a nullable field) it may be left out, as None."""
        annotation = self.annotation
        arguments = [self.bounds] if self.bounds else []
        if optional or self.nullable:
            annotation += " | None"
            arguments.insert(0, "default=None")
        if not arguments:
            return f"{self.name}: {annotation}"
        if arguments == ["default=None"]:
            return f"{self.name}: {annotation} = None"
        return f"{self.name}: {annotation} = Field({', '.join(arguments)})"


def schema_fields(entity: EntityNames, where: str) -> tuple[SchemaField, ...]:
    """The entity's data fields as its schemas declare them; a field whose
    type or reference the resource cannot serve yet refuses, naming it."""
    return tuple(_schema_field(field, where) for field in entity.data_fields)


def _schema_field(field: Field, where: str) -> SchemaField:
    if field.foreign_key is not None:
        raise ScaffoldError(
            where,
            f"'{field.name}' refers to the table {field.foreign_key.table}: a "
            "resource's fields are its own values for now (scaffold it with "
            "data-mapper and reader, and write its use cases by hand)",
        )
    if field.type_name not in SUPPORTED:
        raise ScaffoldError(
            where,
            f"'{field.name}' is {field.type_name}: a resource's fields are "
            f"{', '.join(SUPPORTED)}",
        )
    if field.type_name == "str":
        length = field.length or 255
        return SchemaField(
            field.name,
            field.nullable,
            "NonBlankText",
            f"min_length=1, max_length={length}",
        )
    annotation, bounds = _BOUNDS[field.type_name]
    return SchemaField(field.name, field.nullable, annotation, bounds)


def schema_imports(fields: tuple[SchemaField, ...]) -> list[str]:
    """What the schemas module imports for these fields."""
    annotations = {field.annotation for field in fields}
    lines = {
        "Decimal": "from decimal import Decimal",
        "UUID": "from uuid import UUID",
        "date": "from datetime import date",
        "AwareDatetime": "from pydantic import AwareDatetime",
        "NonBlankText": "from app.presentation.http.schemas.text import NonBlankText",
    }
    return sorted(line for name, line in lines.items() if name in annotations)
