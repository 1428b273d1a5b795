"""The resource kind: an entity served over HTTP. Its data mapper and reader
come from their own kinds (or are those the spec binds already); this kind
adds one use case per operation, the schemas, a controller whose routes
compose the shared error rules, its router entry, and the tests of both:
use cases on in-memory fakes, routes end to end on both databases."""

from pathlib import Path

from add_adapter.naming import snake_case
from add_adapter.scaffold.addition import Addition, PlannedFile
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.kinds.data_mapper.builder import build_data_mapper
from add_adapter.scaffold.kinds.model.entity import missing_id, resolve_entity
from add_adapter.scaffold.kinds.reader.builder import build_reader
from add_adapter.scaffold.kinds.resource.names import resource_names
from add_adapter.scaffold.kinds.resource.operations import (
    Endpoint,
    Operation,
    parse_access,
    parse_operations,
)
from add_adapter.scaffold.kinds.resource.schema_fields import schema_fields
from add_adapter.scaffold.packages import ensure_package
from add_adapter.scaffold.prose import format_docstring
from add_adapter.scaffold.render import render_template
from add_adapter.scaffold.request import AdapterKind, AdapterRequest
from add_adapter.specification.model import Component
from add_adapter.specification.vocabulary import Kind, Layer, Scope

CONTROLLERS = "app.presentation.http.controllers"
SCHEMAS = "app.presentation.http.schemas"
EVENTS = "app.domain.events"
UNIT_TESTS = Path("tests/unit")
HTTP_TESTS = Path("tests/http")
_SUMMARIES = {
    Operation.CREATE: "Adds a {words} ({who}).",
    Operation.GET: "One {words} ({who}).",
    Operation.LIST: "One page of the {plural} ({who}).",
    Operation.UPDATE: "Changes some fields of a {words} ({who}).",
    Operation.DELETE: "Removes a {words} ({who}).",
}


def build_resource(request: AdapterRequest, batch: Batch) -> Addition:
    """NAME is the entity: `resource Book --field 'title: str'`."""
    addition = Addition(request.class_name)
    entity = _entity(request, batch)
    endpoints = _endpoints(request, entity)
    ports = [
        _port_of(request, batch, addition, kind, suffix)
        for kind, suffix in (
            (AdapterKind.DATA_MAPPER, "DataMapper"),
            (AdapterKind.READER, "Reader"),
        )
    ]
    names = resource_names(request, entity, endpoints, ports, missing_id(entity))
    for endpoint in endpoints:
        _add_use_case(request, batch, addition, endpoint, names)
    _add_presentation(request, batch, addition, names)
    _add_tests(request, batch, addition, names)
    addition.routers.append(str(names["controller_module"]))
    return addition


def _endpoints(request: AdapterRequest, entity: EntityNames) -> list[Endpoint]:
    """Each operation asked for, who may call it, and its use case's name."""
    operations = parse_operations(request.operations, "--operations")
    if request.event and Operation.CREATE not in operations:
        raise ScaffoldError("--event", "the event is the create's: add create")
    access = parse_access(request.access, operations, "--auth")
    named = dict(request.use_case_names)
    return [Endpoint(op, access[op], entity, named.get(op.value)) for op in operations]


def _entity(request: AdapterRequest, batch: Batch) -> EntityNames:
    entity = resolve_entity(
        _part(request, AdapterKind.DATA_MAPPER, "DataMapper"), batch
    )
    if entity.id_field.type_name != "UUID":
        raise ScaffoldError(
            request.where("fields"),
            f"{entity.name}'s id is {entity.id_field.type_name}: a resource's id "
            "is a UUID (its routes read one), so leave 'id' out of the fields",
        )
    if not entity.data_fields:
        raise ScaffoldError(
            request.where("fields"), f"{entity.name} has no fields besides its id"
        )
    schema_fields(entity, request.where(request.fields_key))
    return entity


def _part(request: AdapterRequest, kind: AdapterKind, suffix: str) -> AdapterRequest:
    """The request of the data mapper or reader the resource stands on."""
    return AdapterRequest(
        kind=kind,
        class_name=f"Sqla{request.class_name}{suffix}",
        origin=request.origin,
        entity=request.class_name,
        port=request.port if kind is AdapterKind.DATA_MAPPER else request.reader_port,
        fields=request.fields,
        table_name=request.table_name,
        constraints=request.constraints,
        fields_key=request.fields_key,
    )


def _port_of(
    request: AdapterRequest,
    batch: Batch,
    addition: Addition,
    kind: AdapterKind,
    suffix: str,
) -> str:
    """The port of the resource's data mapper or reader (as a seed item names
    it, or its kind's): the one the spec binds already, else the one its
    kind's builder adds (its files are the resource's: `remove` takes them
    with it)."""
    part = _part(request, kind, suffix)
    module = f"{snake_case(request.class_name)}_{snake_case(suffix)}"
    port = part.port or f"app.application.ports.{module}.{request.class_name}{suffix}"
    if any(port in component.implements for component in batch.spec.components):
        return port
    build = build_data_mapper if kind is AdapterKind.DATA_MAPPER else build_reader
    built = build(part, batch)
    addition.files += [PlannedFile(f.path, f.text, addition.owner) for f in built.files]
    for path in (f.path for f in built.files):
        batch.planned_paths[path] = addition.owner
    addition.components += built.components
    addition.tables += built.tables
    addition.notes += built.notes
    return port


def _add_file(
    batch: Batch,
    addition: Addition,
    path: Path,
    where: str,
    template: str,
    **names: object,
) -> None:
    batch.claim(path, addition.owner, where)
    addition.add(path, render_template(f"resource/{template}", **names))


def _add_use_case(
    request: AdapterRequest,
    batch: Batch,
    addition: Addition,
    endpoint: Endpoint,
    names: dict[str, object],
) -> None:
    path = batch.index.module_path(endpoint.module)
    summary = _SUMMARIES[endpoint.operation].format(
        words=names["words"], plural=names["plural_words"], who=endpoint.who
    )
    raised = [*endpoint.auth_errors, *_errors_of(endpoint)]
    text = summary + (f"\n\nRaises {', '.join(raised)}." if raised else "")
    _add_file(
        batch,
        addition,
        path,
        request.where("--operations"),
        f"{endpoint.operation.value}_use_case.py",
        endpoint=endpoint,
        doc=format_docstring(text, 4),
        **names,
    )
    addition.components.append(
        Component(
            class_name=endpoint.class_name,
            module=endpoint.module,
            layer=Layer.APPLICATION_USE_CASE,
            kind=Kind.USE_CASE,
            scope=Scope.REQUEST,
            description=summary,
            code_path=path.as_posix(),
        )
    )


def _errors_of(endpoint: Endpoint) -> list[str]:
    entity = endpoint.entity
    found = [entity.not_found_error] if "NOT_FOUND" in endpoint.error_groups else []
    taken = ["ValueTakenError"]
    return found + (taken if "CONFLICT" in endpoint.error_groups else [])


def _add_presentation(
    request: AdapterRequest, batch: Batch, addition: Addition, names: dict[str, object]
) -> None:
    where = request.where("class_name")
    if names["event"]:
        path = batch.index.module_path(str(names["event_module"]))
        _add_file(batch, addition, path, where, "created_event.py", **names)
    modules = [(names["controller_module"], "controller.py")]
    if names["schema_names"]:  # none for a resource that only deletes
        modules.insert(0, (names["schemas_module"], "schemas.py"))
    for module, template in modules:
        path = batch.index.module_path(str(module))
        _add_file(batch, addition, path, where, template, **names)


def _add_tests(
    request: AdapterRequest, batch: Batch, addition: Addition, names: dict[str, object]
) -> None:
    where = request.where("class_name")
    plural = names["plural_snake"]
    for folder, template in (
        (UNIT_TESTS, "use_cases_test.py"),
        (HTTP_TESTS, "http_test.py"),
    ):
        ensure_package(batch, addition, folder)
        stem = f"test_{plural}_use_cases" if folder == UNIT_TESTS else f"test_{plural}"
        _add_file(batch, addition, folder / f"{stem}.py", where, template, **names)
