"""The names everything generated for one entity derives from, and the sample
values its generated tests use."""

import dataclasses
import re
from dataclasses import dataclass

from add_adapter.naming import snake_case
from add_adapter.scaffold.fields import Field
from add_adapter.scaffold.words import plural

_SAMPLES: dict[str, tuple[str, str, str]] = {
    "int": ("7", "8", "9"),
    "str": ('"alpha"', '"beta"', '"gamma"'),
    "float": ("1.5", "2.5", "3.5"),
    "bool": ("False", "True", "True"),
    "datetime": (
        "datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)",
        "datetime(2026, 6, 7, 8, 9, 10, tzinfo=UTC)",
        "datetime(2026, 11, 12, 13, 14, 15, tzinfo=UTC)",
    ),
    "date": ("date(2026, 1, 2)", "date(2026, 6, 7)", "date(2026, 11, 12)"),
    "time": ("time(3, 4, 5)", "time(8, 9, 10)", "time(13, 14, 15)"),
    "list": ('["a", 1]', '["b", 2]', '["c", 3]'),
    "dict": ('{"key": "a"}', '{"key": "b"}', '{"key": "c"}'),
    "bytes": ('b"\\x00\\x01"', 'b"\\x02\\x03"', 'b"\\x04\\x05"'),
    "Decimal": ('Decimal("12.5")', 'Decimal("99.25")', 'Decimal("150")'),
    "UUID": (
        'UUID("00000000-0000-4000-8000-000000000001")',
        'UUID("00000000-0000-4000-8000-000000000002")',
        'UUID("00000000-0000-4000-8000-000000000003")',
    ),
}
"""Three literal values per type, increasing (but for bool), so the tests can
change a field to another value and know the order of sorted rows."""

_SAMPLE_IMPORTS: dict[str, str] = {
    "datetime": "from datetime import UTC, datetime",
    "date": "from datetime import date",
    "time": "from datetime import time",
    "Decimal": "from decimal import Decimal",
    "UUID": "from uuid import UUID",
}


_ITEM_SAMPLES: dict[str, tuple[str, str, str]] = {
    "str": ('"a"', '"b"', '"c"'),
    "int": ("1", "2", "3"),
    "float": ("1.5", "2.5", "3.5"),
    "bool": ("False", "True", "False"),
}
"""Items of a list (or values of a dict) declared `list[str]` and so on."""

_ANNOTATION_IMPORTS: dict[str, str] = {
    "Sequence": "from collections.abc import Sequence",
    "datetime": "from datetime import datetime",
    "date": "from datetime import date",
    "time": "from datetime import time",
    "Decimal": "from decimal import Decimal",
    "UUID": "from uuid import UUID",
}


@dataclass(frozen=True)
class EntityNames:
    """`Invoice` and every name derived from it."""

    name: str
    fields: tuple[Field, ...]
    table: str
    id_origin: str = dataclasses.field(default="", compare=False)
    """Why the id has its type, for messages: `as its field 'id: int' says
    (item[0] (BookModel): columns[0])`."""

    @property
    def unique_together(self) -> tuple[tuple[str, ...], ...]:
        """The composite unique constraints: (tenant_id, code)."""
        return tuple((*f.unique_with, f.name) for f in self.fields if f.unique_with)

    @property
    def table_entry(self) -> tuple[str, tuple[str, ...]]:
        """The table and its fields as the spec entry of an adapter on it
        names them (`table_name`, `attributes`)."""
        return self.table, tuple(field.describe() for field in self.fields)

    @property
    def snake(self) -> str:
        return snake_case(self.name)

    @property
    def plural(self) -> str:
        return plural(self.snake)

    @property
    def module(self) -> str:
        return f"app.domain.entities.{self.snake}"

    @property
    def not_found_error(self) -> str:
        return f"{self.name}NotFoundError"

    @property
    def model_class(self) -> str:
        return f"{self.name}Model"

    @property
    def model_module(self) -> str:
        return f"app.infrastructure.persistence.models.{self.snake}"

    @property
    def view_class(self) -> str:
        return f"{self.name}View"

    @property
    def sort_field_class(self) -> str:
        return f"{self.name}SortField"

    @property
    def view_module(self) -> str:
        return f"app.application.query_models.{self.snake}_view"

    @property
    def id_field(self) -> Field:
        return next(field for field in self.fields if field.primary_key)

    @property
    def id_name(self) -> str:
        """The parameter that carries an id: `invoice_id`."""
        return f"{self.snake}_id"

    @property
    def generated_id(self) -> bool:
        """Whether the database assigns the id (an autoincrement integer)."""
        return self.id_field.autoincrement

    @property
    def data_fields(self) -> tuple[Field, ...]:
        return tuple(field for field in self.fields if not field.primary_key)

    @property
    def foreign_keys(self) -> tuple[Field, ...]:
        return tuple(field for field in self.fields if field.foreign_key is not None)

    @property
    def sort_test_fields(self) -> tuple[Field, ...]:
        """Fields whose three sample values sort without ties."""
        return tuple(
            field
            for field in self.sortable_fields
            if field.type_name != "bool" and field.foreign_key is None
        )

    @property
    def sortable_fields(self) -> tuple[Field, ...]:
        return tuple(field for field in self.data_fields if field.sortable)

    def python_imports(self) -> list[str]:
        """Imports the entity's annotations need."""
        return sorted(
            {i for field in self.fields for i in field.column_type.python_imports}
        )

    def imports_for(self, texts: list[str]) -> list[str]:
        """Imports the types named in `texts` (signatures, annotations) need."""
        words = {word for text in texts for word in re.findall(r"\w+", text)}
        return sorted(
            line for name, line in _ANNOTATION_IMPORTS.items() if name in words
        )

    def sample_imports(self) -> list[str]:
        """Imports the sample values of the tests need."""
        return sorted(
            {
                _SAMPLE_IMPORTS[field.type_name]
                for field in self.fields
                if field.type_name in _SAMPLE_IMPORTS
            }
        )

    @property
    def unique_fields(self) -> tuple[Field, ...]:
        """Fields two rows may not share: unique, or unique per tenant."""
        return tuple(f for f in self.data_fields if f.unique or f.unique_with)

    def missing_reference(self, field: Field) -> str:
        """An id no row of the referenced table has."""
        if field.type_name == "UUID":
            return 'UUID("00000000-0000-4000-8000-0000000000ff")'
        return "1_000_000"

    def sample(self, field: Field, variant: int) -> str:
        """A literal value of the field's type; `variant` 0, 1 or 2."""
        if field.item_type is None:
            return _SAMPLES[field.type_name][variant]
        item = _ITEM_SAMPLES[field.item_type][variant]
        return f"[{item}]" if field.type_name == "list" else f'{{"key": {item}}}'
