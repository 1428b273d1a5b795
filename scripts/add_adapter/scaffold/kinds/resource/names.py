"""The names a resource's templates share: its entity's, its ports', its
modules' and its tests'."""

from add_adapter.naming import snake_case, split_dotted
from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.kinds.resource.operations import Access, Endpoint, Operation
from add_adapter.scaffold.kinds.resource.schema_fields import (
    SchemaField,
    schema_fields,
    schema_imports,
)
from add_adapter.scaffold.request import AdapterRequest

_HTTP_METHODS = {
    Operation.LIST.value: "GET",
    Operation.GET.value: "GET",
    Operation.CREATE.value: "POST",
    Operation.UPDATE.value: "PATCH",
    Operation.DELETE.value: "DELETE",
}
_CALLERS = {Access.PUBLIC: "client", Access.USER: "user", Access.ADMIN: "admin"}


def resource_names(
    request: AdapterRequest,
    entity: EntityNames,
    endpoints: list[Endpoint],
    ports: list[str],
    missing_id: str,
) -> dict[str, object]:
    mapper_module, mapper_class = split_dotted(ports[0])
    reader_module, reader_class = split_dotted(ports[1])
    fields = schema_fields(entity, request.where(request.fields_key))
    url = f"/api/v1/{entity.plural.replace('_', '-')}"
    return {
        "e": entity,
        "endpoints": endpoints,
        "ops": [endpoint.operation.value for endpoint in endpoints],
        "fields": fields,
        "words": entity.snake.replace("_", " "),
        "plural_words": entity.plural.replace("_", " "),
        "plural_snake": entity.plural,
        "url": url,
        "item_url": f"{url}/{{{entity.id_name}}}",
        "missing_id": missing_id,
        "mapper_module": mapper_module,
        "mapper_class": mapper_class,
        "reader_module": reader_module,
        "reader_class": reader_class,
        "mapper_in_memory_module": _in_memory_module(mapper_class),
        "mapper_in_memory_class": f"InMemory{mapper_class}",
        "reader_in_memory_module": _in_memory_module(reader_class),
        "reader_in_memory_class": f"InMemory{reader_class}",
        "schemas_module": f"app.presentation.http.schemas.{entity.plural}",
        "controller_module": f"app.presentation.http.controllers.{entity.plural}",
        "event": request.event,
        "event_class": f"{entity.name}Created",
        "event_module": f"app.domain.events.{entity.snake}_created",
        **_sorting(entity),
        **_presentation_names(entity, endpoints, fields),
        **_test_names(entity, endpoints),
    }


def _in_memory_module(port_class: str) -> str:
    return f"app.infrastructure.in_memory.in_memory_{snake_case(port_class)}"


def _sorting(entity: EntityNames) -> dict[str, object]:
    """The list's default order, and the field its tests sort by: one whose
    samples sort without ties, when the entity has one."""
    first = entity.sortable_fields[0]
    tested = entity.sort_test_fields[0] if entity.sort_test_fields else first
    return {
        "default_sort": first.name.upper(),
        "sort_test": tested.name.upper(),
        "sort_test_name": tested.name,
        "sort_test_field": bool(entity.sort_test_fields),
    }


def _presentation_names(
    entity: EntityNames, endpoints: list[Endpoint], fields: tuple[SchemaField, ...]
) -> dict[str, object]:
    ops = {endpoint.operation for endpoint in endpoints}
    declarations = [
        field.declaration(optional=optional)
        for field in fields
        for optional in (False, True)
    ]
    schemas = [
        *([f"Create{entity.name}Request"] if Operation.CREATE in ops else []),
        *([f"Update{entity.name}Request"] if Operation.UPDATE in ops else []),
        *([f"{entity.name}Response"] if Operation.GET in ops else []),
        *(
            [f"{entity.name}ListParams", f"{entity.name}PageResponse"]
            if Operation.LIST in ops
            else []
        ),
    ]
    fastapi = (
        {"Body", "status"} if ops & {Operation.CREATE, Operation.UPDATE} else set()
    )
    fastapi |= {"Query"} if Operation.LIST in ops else set()
    fastapi |= {"status"} if Operation.DELETE in ops else set()
    rules = {group for endpoint in endpoints for group in endpoint.error_groups}
    return {
        "schema_imports": sorted({*schema_imports(fields), *entity.python_imports()}),
        "uses_field": any("Field(" in text for text in declarations),
        "schema_names": sorted(schemas),
        "fastapi_names": sorted(fastapi),
        "rule_names": sorted(rules),
    }


def _test_names(entity: EntityNames, endpoints: list[Endpoint]) -> dict[str, object]:
    protected = [endpoint for endpoint in endpoints if endpoint.current_user_check]
    return {
        "test_imports": sorted({*entity.sample_imports(), "from uuid import UUID"}),
        "unique_fields": entity.unique_fields,
        "protected": protected,
        "auth_errors": sorted(
            {error for endpoint in protected for error in endpoint.auth_errors}
        ),
        "callers": {
            endpoint.operation.value: _CALLERS[endpoint.access]
            for endpoint in endpoints
        },
        "http_methods": _HTTP_METHODS,
    }
