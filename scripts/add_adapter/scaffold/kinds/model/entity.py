"""The entity a persistence adapter stores: its names and fields, its domain
class and its table, shared by the data mapper, reader and repository of it."""

import re

from add_adapter.naming import snake_case
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.constraints import apply_constraints
from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.fields import (
    Field,
    parse_field,
    tenant_scoped,
    with_primary_key,
)
from add_adapter.scaffold.project_index import Table
from add_adapter.scaffold.prose import format_docstring
from add_adapter.scaffold.render import render_template
from add_adapter.scaffold.request import AdapterKind, AdapterRequest, check_class_name
from add_adapter.scaffold.words import plural

_ROLE_PREFIXES = ("SqlAlchemy", "Sqla", "Sql", "InMemory")
_ROLE_SUFFIXES = ("DataMapper", "Repository", "Reader", "Model", "Repo")
_PYTHON_TYPE_OF_ID = {"UUID": "UUID", "int": "int"}


def entity_name(request: AdapterRequest) -> str:
    """The entity named by `--entity`, else the class name without its
    technology and role: `SqlaInvoiceDataMapper` -> `Invoice`."""
    where = request.where("entity" if request.entity else "class_name")
    name = request.entity or _without_role(request.class_name)
    if not (name[:1].isupper() and name.isidentifier()):
        raise ScaffoldError(where, "cannot tell the entity; give --entity")
    check_class_name(name, where)
    snake = snake_case(name)
    if len(snake) > MAX_ENTITY_SNAKE:
        raise ScaffoldError(
            where,
            f"entity {name} gives modules too long for their imports to fit the "
            f"line length: {snake} has {len(snake)} characters, at most "
            f"{MAX_ENTITY_SNAKE} fit; name a shorter entity (--entity, or "
            '"entity" in JSON)',
        )
    return name


MAX_ENTITY_SNAKE = 23
"""The longest entity module name whose twin's import still fits a line:
`from app.infrastructure.in_memory.in_memory_<entity>_data_mapper import (`."""


def _without_role(class_name: str) -> str:
    name = class_name
    for prefix in _ROLE_PREFIXES:
        if name.startswith(prefix) and name[len(prefix) : len(prefix) + 1].isupper():
            name = name[len(prefix) :]
            break
    for suffix in _ROLE_SUFFIXES:
        if name.endswith(suffix) and name != suffix:
            return name[: -len(suffix)]
    return name


def resolve_entity(request: AdapterRequest, batch: Batch) -> EntityNames:
    name = entity_name(request)
    known = batch.entities.get(name)
    if known is not None and not request.fields:
        return known
    if request.fields:
        fields = tenant_scoped(with_primary_key(list(request.fields)))
        if request.constraints is not None:
            fields = apply_constraints(fields, request.constraints)
        id_origin = _id_origin(request)
    else:
        # As an earlier addition stored them: constraints and all.
        fields, id_origin = _fields_from_spec(name, request, batch)
    if not fields:
        raise ScaffoldError(
            request.where("fields"),
            f"entity {name} has no fields yet: list them (--field 'name: type', "
            "or 'columns'/'attributes' in JSON)",
        )
    _check_hidden_types(fields, request)
    table = _table_name(request, name)
    entity = EntityNames(
        name=name, fields=tuple(fields), table=table, id_origin=id_origin
    )
    if known is not None and known != entity:
        raise ScaffoldError(
            request.where("fields"), f"entity {name} is given two different field lists"
        )
    _check_foreign_keys(entity, request, batch)
    batch.entities[name] = entity
    return entity


_TABLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _table_name(request: AdapterRequest, entity: str) -> str:
    table = request.table_name or plural(snake_case(entity))
    if _TABLE.match(table) is None:
        raise ScaffoldError(
            request.where("table_name"),
            f"'{table}' is not a table name (lower_snake_case, at most 63 characters)",
        )
    return table


def _fields_from_spec(
    name: str, request: AdapterRequest, batch: Batch
) -> tuple[list[Field], str]:
    """The fields an earlier addition stored in the spec for this entity, and
    where its id's type is said."""
    table = request.table_name or plural(snake_case(name))
    for component in batch.spec.components:
        if component.table_name == table and component.attributes:
            where = f"setup/spec.json {component.class_name}.attributes"
            fields = [
                parse_field(text, f"{where}[{i}]")
                for i, text in enumerate(component.attributes)
            ]
            return fields, f"as {where} says"
    return [], ""


def _id_origin(request: AdapterRequest) -> str:
    """Why the entity's id has its type, for a message about it."""
    for position, field in enumerate(request.fields):
        if field.primary_key:
            return (
                f"as its field '{field.describe()}' says "
                f"({request.where(f'{request.fields_key}[{position}]')})"
            )
    return (
        f"the default when no field is the id: add 'id: int' to its fields "
        f"({request.fields_key}) for integer ids"
    )


def _field_where(request: AdapterRequest, name: str) -> str:
    """`item[1] (BookModel): columns[2] (tenant_id)`."""
    for position, field in enumerate(request.fields):
        if field.name == name:
            return request.where(f"{request.fields_key}[{position}] ({name})")
    return request.where(f"{request.fields_key} ({name})")


def _check_hidden_types(fields: list[Field], request: AdapterRequest) -> None:
    """A field named like a type another field is annotated with (`date`
    beside `due: date`) would hide that type in the generated classes."""
    for field in fields:
        users = [
            other.name
            for other in fields
            if other is not field and field.name in annotation_names(other.annotation)
        ]
        if users:
            raise ScaffoldError(
                _field_where(request, field.name),
                f"field '{field.name}' has the name of the type {field.name} that "
                f"'{users[0]}' is annotated with, and would hide it in the "
                "generated classes: rename the field",
            )


def _check_foreign_keys(
    entity: EntityNames, request: AdapterRequest, batch: Batch
) -> None:
    for field in entity.fields:
        if field.foreign_key is None:
            continue
        where = _field_where(request, field.name)
        target_name = field.foreign_key.table
        target = batch.table(target_name)
        if target is None and target_name != entity.table:
            known = (
                ", ".join(sorted({*batch.index.tables, *batch.new_tables})) or "none"
            )
            raise ScaffoldError(
                where,
                f"refers to table '{target_name}', which does not exist "
                f"(tables: {known})",
            )
        id_type = target.id_type if target is not None else entity.id_field.type_name
        if _PYTHON_TYPE_OF_ID.get(id_type, id_type) != field.type_name:
            raise ScaffoldError(
                where,
                f"is {field.type_name} but {target_name}.id is {id_type}; "
                f"write '{field.name}: {id_type}'",
            )


def add_entity_files(
    entity: EntityNames, request: AdapterRequest, batch: Batch, addition: Addition
) -> None:
    """The domain class and the table of the entity, unless they exist."""
    entity_path = batch.index.module_path(entity.module)
    if entity_path not in batch.planned_paths:
        batch.claim(entity_path, addition.owner, request.where("entity"))
        addition.add(
            entity_path,
            render_template("model/entity.py", e=entity),
        )
    model_path = batch.index.module_path(entity.model_module)
    if model_path in batch.planned_paths:
        return
    existing = batch.index.tables.get(entity.table)
    if existing is not None and not batch.is_generated(model_path):
        raise ScaffoldError(
            request.where("table_name"),
            f"table '{entity.table}' is already mapped by hand-written "
            f"{existing.model_module}.{existing.model_class}",
        )
    batch.claim(model_path, addition.owner, request.where("table_name"))
    sqlalchemy_names = sorted(
        {
            _type_name(field)
            for field in entity.fields
            if _type_name(field) != "UtcDateTime"
        }
        | ({"ForeignKey"} if entity.foreign_keys else set())
        | ({"UniqueConstraint"} if entity.unique_together else set())
    )
    addition.add(
        model_path,
        render_template(
            "model/model.py",
            e=entity,
            # A model item's description is the model's; the entity and the
            # ports keep to their own role.
            description=format_docstring(request.description, 4)
            if request.kind is AdapterKind.MODEL and request.description
            else None,
            sqlalchemy_names=sqlalchemy_names,
            uses_utc=any(field.type_name == "datetime" for field in entity.fields),
        ),
    )
    if existing is None:
        addition.tables.append(entity.table)
    batch.new_tables[entity.table] = Table(
        entity.table, entity.model_module, entity.model_class, entity.id_field.type_name
    )


def annotation_names(annotation: str) -> list[str]:
    """`dict[str, int] | None` -> dict, str, int, None."""
    return re.findall(r"[A-Za-z_]\w*", annotation)


def _type_name(field: Field) -> str:
    return field.sqlalchemy_type.partition("(")[0]


def missing_id(entity: EntityNames) -> str:
    """An id no test row has."""
    return entity.missing_reference(entity.id_field)
