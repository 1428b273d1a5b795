"""Entity fields and the table columns they become (seed 001, step 1).

A field is written either the Python way (`note: str | None`,
`Optional[str]`, `str or None`, `tags: list[str]`) or the SQLAlchemy way of
seed 000 (`name: String nullable=False`), with optional `key=value` options:
`unique=True`, `index=True`, `primary_key=True`, `nullable=True`,
`ondelete=CASCADE`, `unique_with=tenant_id` (unique together with those
fields, comma-separated), each bracketed or not, as --help writes them
(`isbn: str [unique=True]`).
"""

import re
from dataclasses import dataclass, replace

from add_adapter.naming import is_identifier
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.words import plural


@dataclass(frozen=True)
class ColumnType:
    """How one Python type is annotated, stored and sampled in tests."""

    python: str
    sqlalchemy: str
    python_imports: tuple[str, ...] = ()
    sortable: bool = True


_STRING_LENGTH = 255

COLUMN_TYPES: dict[str, ColumnType] = {
    "int": ColumnType("int", "Integer"),
    "str": ColumnType("str", f"String({_STRING_LENGTH})"),
    "float": ColumnType("float", "Float"),
    "bool": ColumnType("bool", "Boolean"),
    "datetime": ColumnType(
        "datetime", "UtcDateTime", ("from datetime import datetime",)
    ),
    "date": ColumnType("date", "Date", ("from datetime import date",)),
    "time": ColumnType("time", "Time", ("from datetime import time",)),
    "list": ColumnType("list[object]", "JSON", sortable=False),
    "dict": ColumnType("dict[str, object]", "JSON", sortable=False),
    "bytes": ColumnType("bytes", "LargeBinary", sortable=False),
    "Decimal": ColumnType(
        "Decimal", "Numeric(18, 6)", ("from decimal import Decimal",)
    ),
    # A native UUID column on PostgreSQL, CHAR(32) on SQLite: the same type as
    # the reference tables' ids, so foreign keys to them match.
    "UUID": ColumnType("UUID", "Uuid", ("from uuid import UUID",)),
}
"""The type map of seed 001, keyed by the Python type a field names."""

_SQLALCHEMY_ALIASES: dict[str, str] = {
    "Integer": "int",
    "BigInteger": "int",
    "SmallInteger": "int",
    "String": "str",
    "Text": "str",
    "Unicode": "str",
    "Float": "float",
    "Boolean": "bool",
    "DateTime": "datetime",
    "Date": "date",
    "Time": "time",
    "JSON": "dict",
    "LargeBinary": "bytes",
    "Numeric": "Decimal",
    "Uuid": "UUID",
    "UUID": "UUID",
}
"""Seed 000 writes columns with SQLAlchemy type names; each maps to the
Python type whose column it is."""

_PYTHON_ALIASES: dict[str, str] = {
    "List": "list",
    "Dict": "dict",
    "integer": "int",
    "string": "str",
    "boolean": "bool",
    "uuid.UUID": "UUID",
    "decimal.Decimal": "Decimal",
    "datetime.datetime": "datetime",
    "datetime.date": "date",
    "datetime.time": "time",
}

MAX_FIELD_LENGTH = 30
UNIQUE_NAMES = frozenset({"email", "username", "slug", "code", "external_id", "uuid"})
INDEXED_NAMES = frozenset({"created_at", "updated_at", "status"})
ON_DELETE_RULES = frozenset({"CASCADE", "RESTRICT", "SET NULL", "NO ACTION"})
_FIELD = re.compile(r"^\s*(?P<name>[^:\s]+)\s*:\s*(?P<rest>.+?)\s*$")
_BRACKETED = re.compile(r"\s+\[(?P<options>[^\[\]]*=[^\[\]]*)\]")
_OPTION = re.compile(r"\s+(?P<key>[a-z_]+)=(?P<value>\"[^\"]*\"|'[^']*'|\S+)")


@dataclass(frozen=True)
class ForeignKey:
    table: str
    on_delete: str


_ITEM_TYPES = frozenset({"str", "int", "float", "bool"})
"""What a JSON column's list items (or dict values) may be declared as:
`tags: list[str]`, `scores: dict[str, int]`."""


@dataclass(frozen=True)
class Field:
    """One attribute of an entity and the column that stores it."""

    name: str
    type_name: str
    nullable: bool = False
    primary_key: bool = False
    unique: bool = False
    index: bool = False
    foreign_key: ForeignKey | None = None
    length: int | None = None
    item_type: str | None = None
    """The declared type of a list's items or a dict's values (one of
    `_ITEM_TYPES`); None: `object`."""
    unique_with: tuple[str, ...] = ()
    """Other fields it is unique together with (`tenant_id`, seed 001's
    tenant scoping)."""

    @property
    def column_type(self) -> ColumnType:
        return COLUMN_TYPES[self.type_name]

    @property
    def python_type(self) -> str:
        """The annotation without `| None`: `list[str]`, `UUID`."""
        if self.item_type is not None and self.type_name == "list":
            return f"list[{self.item_type}]"
        if self.item_type is not None and self.type_name == "dict":
            return f"dict[str, {self.item_type}]"
        return self.column_type.python

    @property
    def annotation(self) -> str:
        python = self.python_type
        return f"{python} | None" if self.nullable else python

    @property
    def sqlalchemy_type(self) -> str:
        if self.type_name == "str" and self.length is not None:
            return f"String({self.length})"
        return self.column_type.sqlalchemy

    @property
    def autoincrement(self) -> bool:
        return self.primary_key and self.type_name == "int"

    @property
    def sortable(self) -> bool:
        return self.column_type.sortable

    def describe(self) -> str:
        """The field in the flag syntax, with every option that differs from
        what the name alone implies, so that parsing it gives this field."""
        text = f"{self.name}: {self.annotation}"
        if self.type_name == "str" and self.length is not None:
            text = f"{self.name}: String({self.length})" + (
                " nullable=True" if self.nullable else ""
            )
        implied = parse_field(text, "")
        options = []
        for option in ("primary_key", "unique", "index"):
            if getattr(self, option) != getattr(implied, option):
                options.append(f"{option}={getattr(self, option)}")
        if self.foreign_key != implied.foreign_key and self.foreign_key is not None:
            options.append(f"ondelete={self.foreign_key.on_delete.replace(' ', '_')}")
        if self.unique_with:
            options.append(f"unique_with={','.join(self.unique_with)}")
        return " ".join([text, *options])


def parse_field(text: str, where: str) -> Field:
    """Read one field; `where` names it in errors (`item[2] (Invoice): fields[1]`)."""
    match = _FIELD.match(text)
    if match is None:
        raise ScaffoldError(where, f"'{text}' is not 'name: type'")
    name = match.group("name")
    if not is_identifier(name):
        raise ScaffoldError(where, f"'{name}' is not a valid Python name")
    if name.startswith("_"):
        raise ScaffoldError(
            where, f"'{name}' starts with _, which makes it private in Python"
        )
    if len(name) > MAX_FIELD_LENGTH:
        raise ScaffoldError(
            where,
            f"'{name}' has {len(name)} characters; at most {MAX_FIELD_LENGTH} fit "
            "the generated lines",
        )
    type_text, options = _split_options(match.group("rest"), where)
    type_name, nullable, length, item_type = _parse_type(type_text, where)
    nullable = _flag(options, "nullable", where, default=nullable)
    primary_key = _flag(options, "primary_key", where, default=name == "id")
    foreign_key = _foreign_key(name, type_name, nullable, options, where)
    unique = _flag(options, "unique", where, default=name in UNIQUE_NAMES)
    index = _flag(
        options,
        "index",
        where,
        default=foreign_key is not None or name in INDEXED_NAMES,
    )
    unknown = sorted(set(options) - _KNOWN_OPTIONS)
    if unknown:
        raise ScaffoldError(
            where,
            f"unknown option '{unknown[0]}' "
            f"(known: {', '.join(sorted(_KNOWN_OPTIONS))})",
        )
    if primary_key and nullable:
        raise ScaffoldError(where, f"primary key '{name}' cannot be nullable")
    if primary_key and type_name not in ("int", "UUID"):
        raise ScaffoldError(
            where, f"primary key '{name}' is {type_name}; an id is UUID or int"
        )
    unique_with = _unique_with(options, name, where)
    if type_name == "bool" and unique and name not in UNIQUE_NAMES:
        raise ScaffoldError(
            where, f"'{name}' is a bool: unique, two rows would fill the table"
        )
    return Field(
        name=name,
        type_name=type_name,
        nullable=nullable,
        primary_key=primary_key,
        unique=unique and not primary_key and not unique_with,
        index=index and not primary_key and not unique,
        foreign_key=foreign_key,
        length=length,
        item_type=item_type,
        unique_with=unique_with,
    )


_KNOWN_OPTIONS = frozenset(
    {
        "nullable",
        "primary_key",
        "unique",
        "index",
        "ondelete",
        "autoincrement",
        "unique_with",
    }
)


def _unique_with(options: dict[str, str], name: str, where: str) -> tuple[str, ...]:
    value = options.get("unique_with")
    if value is None:
        return ()
    names = tuple(part.strip() for part in value.split(",") if part.strip())
    if not names or not all(is_identifier(n) and n != name for n in names):
        raise ScaffoldError(
            where,
            f"unique_with={value} is not a comma-separated list of other fields",
        )
    return names


def _split_options(rest: str, where: str) -> tuple[str, dict[str, str]]:
    # `str [unique=True]`, as --help writes the options, is `str unique=True`.
    rest = _BRACKETED.sub(lambda group: " " + group.group("options"), rest)
    first_option = _OPTION.search(" " + rest)
    if first_option is None:
        return rest.strip(), {}
    type_text = (" " + rest)[: first_option.start()].strip()
    options = {
        option.group("key"): option.group("value").strip("\"'")
        for option in _OPTION.finditer(" " + rest)
    }
    return type_text, options


_OPTIONAL = re.compile(r"^Optional\[(?P<inner>.+)\]$")
_NONE_UNION = re.compile(r"^(?P<inner>.+?)\s*\|\s*None$|^None\s*\|\s*(?P<after>.+)$")
_OR_NONE = re.compile(r"^(?P<inner>.+?)\s+or\s+None$")
_SIZED = re.compile(r"^(?P<base>\w+)\((?P<size>[^)]*)\)$")
_GENERIC = re.compile(r"^(?P<base>list|dict|List|Dict)\[(?P<items>.*)\]$")


def _parse_type(text: str, where: str) -> tuple[str, bool, int | None, str | None]:
    """(type name of COLUMN_TYPES, nullable, string length, item type)."""
    nullable = False
    for pattern in (_OPTIONAL, _NONE_UNION, _OR_NONE):
        optional = pattern.match(text)
        if optional is not None:
            text = next(group for group in optional.groups() if group).strip()
            nullable = True
            break
    length = None
    sized = _SIZED.match(text)
    if sized is not None:
        text = sized.group("base")
        size = sized.group("size").strip()
        if text == "String" and size:
            if not size.isdigit() or int(size) < 1:
                raise ScaffoldError(
                    where, f"String length '{size}' is not a positive integer"
                )
            length = int(size)
    item_type = None
    generic = _GENERIC.match(text)
    if generic is not None:
        text = generic.group("base").lower()
        item_type = _item_type(text, generic.group("items"), where)
    text = _PYTHON_ALIASES.get(text, text)
    text = _SQLALCHEMY_ALIASES.get(text, text)
    if text not in COLUMN_TYPES:
        known = ", ".join(COLUMN_TYPES)
        raise ScaffoldError(where, f"unknown column type '{text}' (known: {known})")
    return text, nullable, length, item_type


def _item_type(base: str, items: str, where: str) -> str | None:
    """`str` of `list[str]` or of `dict[str, str]`; None for `object`/`Any`."""
    parts = [part.strip() for part in items.split(",")]
    if base == "dict" and (len(parts) != 2 or parts[0] != "str"):
        raise ScaffoldError(
            where, f"a dict field is dict[str, <type>] (JSON keys), not dict[{items}]"
        )
    item = parts[-1]
    if item in ("object", "Any"):
        return None
    if (base == "list" and len(parts) != 1) or item not in _ITEM_TYPES:
        kinds = ", ".join(sorted(_ITEM_TYPES))
        raise ScaffoldError(
            where,
            f"a JSON field holds {kinds} or object values; {base}[{items}] "
            "is not one of them",
        )
    return item


_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def _flag(options: dict[str, str], key: str, where: str, *, default: bool) -> bool:
    value = options.get(key)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ScaffoldError(where, f"option {key}={value} is not True or False")


def _foreign_key(
    name: str, type_name: str, nullable: bool, options: dict[str, str], where: str
) -> ForeignKey | None:
    """`<entity>_id` refers to `<entities>.id` (seed 001): RESTRICT, or
    SET NULL when the field is optional, unless `ondelete=` says otherwise."""
    on_delete_option = options.get("ondelete")
    if (
        not name.endswith("_id")
        or name == "external_id"
        or type_name not in {"int", "UUID"}
    ):
        if on_delete_option is not None:
            raise ScaffoldError(
                where, f"ondelete is only for <entity>_id fields, not '{name}'"
            )
        return None
    on_delete = "SET NULL" if nullable else "RESTRICT"
    if on_delete_option is not None:
        on_delete = on_delete_option.upper().replace("_", " ")
        if on_delete not in ON_DELETE_RULES:
            rules = ", ".join(sorted(ON_DELETE_RULES))
            raise ScaffoldError(
                where, f"ondelete '{on_delete_option}' is not one of {rules}"
            )
    if on_delete == "SET NULL" and not nullable:
        raise ScaffoldError(where, f"ondelete SET NULL needs '{name}' to be optional")
    return ForeignKey(table=plural(name.removesuffix("_id")), on_delete=on_delete)


TENANT_FIELD = "tenant_id"


def tenant_scoped(fields: list[Field]) -> list[Field]:
    """With a `tenant_id`, unique-like fields are unique per tenant (seed 001):
    their single-column uniques become (tenant_id, field) constraints."""
    if not any(field.name == TENANT_FIELD for field in fields):
        return fields
    return [
        replace(f, unique=False, unique_with=(TENANT_FIELD,))
        if f.unique and f.name in UNIQUE_NAMES and not f.unique_with
        else f
        for f in fields
    ]


DEFAULT_ID = "UUID"
"""The id type of an entity whose fields give none: every entity of this
service has UUID ids (seed input saying `id: int` keeps int)."""


def with_primary_key(fields: list[Field]) -> list[Field]:
    """Every entity has an `id`: a UUID unless one is given."""
    if any(field.primary_key for field in fields):
        return fields
    return [Field(name="id", type_name=DEFAULT_ID, primary_key=True), *fields]
