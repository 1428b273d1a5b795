"""The names a resource's templates share: its entity's, its ports', its
modules' and its tests'."""

from add_adapter.naming import split_dotted
from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.kinds.resource.operations import (
    WRITES,
    Access,
    Endpoint,
    Operation,
)
from add_adapter.scaffold.kinds.resource.schema_fields import (
    SchemaField,
    schema_fields,
    schema_imports,
)
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.scaffold.twins import double_module

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
        # Named by the entity whatever the port's name, as their kinds name
        # them; test doubles, where the kinds write them (twins.py).
        "mapper_in_memory_module": double_module(f"InMemory{entity.name}DataMapper"),
        "mapper_in_memory_class": f"InMemory{entity.name}DataMapper",
        "reader_in_memory_module": double_module(f"InMemory{entity.name}Reader"),
        "reader_in_memory_class": f"InMemory{entity.name}Reader",
        "schemas_module": f"app.presentation.http.schemas.{entity.plural}",
        "controller_module": f"app.presentation.http.controllers.{entity.plural}",
        "event": request.event,
        "event_class": f"{entity.name}Created",
        "event_module": f"app.domain.events.{entity.snake}_created",
        **_sorting(entity),
        **_presentation_names(entity, endpoints, fields),
        **_test_names(entity, endpoints),
    }


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
    requests = bool(ops & {Operation.CREATE, Operation.UPDATE})
    responses = bool(ops & {Operation.GET, Operation.LIST})
    fastapi = {"Body", "status"} if requests else set()
    fastapi |= {"status"} if Operation.DELETE in ops else set()
    bounded = any(field.bounds for field in fields)
    return {
        "schema_imports": sorted(
            {
                *(schema_imports(fields) if requests else []),
                *(entity.python_imports() if responses else []),
            }
        ),
        "pydantic_names": [
            *(["BaseModel"] if responses else []),
            *(["Field"] if requests and bounded else []),
        ],
        "schema_names": _schema_names(entity.name, ops),
        "fastapi_names": sorted(fastapi),
        "rule_names": sorted({g for e in endpoints for g in e.error_groups}),
    }


def _schema_names(entity: str, ops: set[Operation]) -> list[str]:
    """The schemas the controller imports: those its operations need."""
    wanted = {
        Operation.CREATE: [f"Create{entity}Request"],
        Operation.UPDATE: [f"Update{entity}Request"],
        Operation.GET: [f"{entity}Response"],
        Operation.LIST: [f"{entity}ListParams", f"{entity}PageResponse"],
    }
    return sorted(name for op in ops for name in wanted.get(op, []))


def _test_names(entity: EntityNames, endpoints: list[Endpoint]) -> dict[str, object]:
    protected = [endpoint for endpoint in endpoints if endpoint.current_user_check]
    ops = {endpoint.operation for endpoint in endpoints}
    return {
        "writes": bool(ops & WRITES),
        "reads": bool(ops & {Operation.GET, Operation.LIST}),
        "access_levels": {endpoint.access.value for endpoint in protected},
        "sends_bodies": bool(protected or ops & {Operation.CREATE, Operation.UPDATE}),
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
