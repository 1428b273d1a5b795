"""`from-json` items of the layers a resource covers (seed 001's shape):
an entity, its interfaces, use cases, schemas and router placed onto one
resource request, items of one array referring to each other; what cannot
be placed refused with the reason; what no use case serves skipped.

Parsing only (no builder, no staging): what the resource then writes from
the request is tests/tools/test_kind_resource.py's, and the whole command on
a copy tests/scaffolding/test_resource.py's."""

import json
from typing import Any

import pytest

from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.from_json import parse_items
from add_adapter.scaffold.request import AdapterKind


def method(name: str, parameters: list[str], returns: str) -> dict[str, Any]:
    return {"method_name": name, "parameters": parameters, "return_type": returns}


ENTITY = {
    "class_name": "SampleShelf",
    "layer": "domain/entity",
    "attributes": ["label: str", "code: str [unique=True]"],
}
REPOSITORY = {
    "class_name": "ISampleShelfRepository",
    "layer": "application/interface",
    "methods": [
        method("add", ["shelf: SampleShelf"], "None"),
        method("get_by_id", ["sample_shelf_id: UUID"], "SampleShelf"),
    ],
}
READER = {
    "class_name": "ISampleShelfReader",
    "layer": "application/interface",
    "methods": [method("get_sample_shelf", ["sample_shelf_id: UUID"], "Any")],
}
ADD = {
    "class_name": "AddSampleShelf",
    "layer": "application/use_case",
    "dependencies": ["ISampleShelfRepository"],
    "methods": [method("execute", ["label: str", "code: str"], "UUID")],
}
GET = {
    "class_name": "GetSampleShelf",
    "layer": "application/use_case",
    "dependencies": ["ISampleShelfReader"],
}
SCHEMA = {
    "class_name": "SampleShelfSchema",
    "layer": "presentation/schema",
    "attributes": ["id: UUID", "label: str", "code: str"],
}
ROUTER = {
    "class_name": "SampleShelfRouter",
    "layer": "presentation/router",
    "methods": [
        method("add_sample_shelf", ["body: SampleShelfSchema"], "dict"),
        method("get_sample_shelf", ["sample_shelf_id: UUID"], "SampleShelfSchema"),
    ],
}
ARRAY = [ENTITY, REPOSITORY, READER, ADD, GET, SCHEMA, ROUTER]


def parsed(items: list[dict[str, Any]]) -> Any:
    return parse_items(json.dumps(items), "items.json")[1]


def test_an_entity_its_interfaces_use_cases_schema_and_router_are_one_resource() -> (
    None
):
    result = parsed(ARRAY)

    [request] = result.requests
    assert request.kind is AdapterKind.RESOURCE
    assert request.class_name == "SampleShelf"
    assert [field.name for field in request.fields] == ["label", "code"]
    assert request.operations == ("get", "create")
    # The use cases' dependencies name the interfaces of the same array.
    assert request.port == (
        "app.application.interfaces.i_sample_shelf_repository.ISampleShelfRepository"
    )
    assert request.reader_port == (
        "app.application.interfaces.i_sample_shelf_reader.ISampleShelfReader"
    )
    assert dict(request.use_case_names) == {
        "create": "AddSampleShelf",
        "get": "GetSampleShelf",
    }
    assert result.skipped == []
    assert result.item_of_request == {"SampleShelf": 0}


def test_items_no_use_case_serves_are_skipped_as_before() -> None:
    lonely = [
        {
            "class_name": "SampleLamp",
            "layer": "domain/entity",
            "attributes": ["w: int"],
        },
        {"class_name": "SampleLampRouter", "layer": "presentation/router"},
        {"class_name": "ISampleLampStore", "layer": "application/interface"},
        {"class_name": "SampleLampDependency", "layer": "presentation/dependency"},
    ]

    result = parsed(lonely)

    assert result.requests == []
    assert result.skipped == [
        "skipped item[3] (SampleLampDependency): layer presentation/dependency is "
        "not scaffolded by add-adapter",
        "skipped item[0] (SampleLamp): layer domain/entity: no use case of this "
        "array serves its entity",
        "skipped item[1] (SampleLampRouter): layer presentation/router: no use case "
        "of this array serves its entity",
        "skipped item[2] (ISampleLampStore): layer application/interface: no use "
        "case of this array depends on it",
    ]


def replaced(position: int, **changes: object) -> list[dict[str, Any]]:
    items = [dict(item) for item in ARRAY]
    items[position] = {**items[position], **changes}
    return items


@pytest.mark.parametrize(
    ("items", "where", "says"),
    [
        (
            replaced(3, class_name="ArchiveSampleShelf"),
            "item[3] (ArchiveSampleShelf): class_name",
            "named <verb><Entity>",
        ),
        (
            replaced(3, class_name="AddSampleBox"),
            "item[3] (AddSampleBox): class_name",
            "'SampleBox' is no domain/entity item of this array",
        ),
        (
            replaced(3, dependencies=["ISampleShelfNumbering"]),
            "item[3] (AddSampleShelf): dependencies[0]",
            "'ISampleShelfNumbering' is no application/interface item",
        ),
        (
            replaced(3, dependencies=["ISampleShelfReader"]),
            "item[2] (ISampleShelfReader): methods[0]",
            "'get_sample_shelf' is not a method of the data mapper",
        ),
        (
            replaced(1, methods=[method("archive", [], "None")]),
            "item[1] (ISampleShelfRepository): methods[0]",
            "for methods of your own, make it the port of an "
            "infrastructure/repository item",
        ),
        (
            replaced(3, methods=[method("run", [], "None")]),
            "item[3] (AddSampleShelf): methods[0]",
            "one method, execute",
        ),
        (
            replaced(4, class_name="CreateSampleShelf", dependencies=[]),
            "item[4] (CreateSampleShelf): class_name",
            "AddSampleShelf is SampleShelf's create already",
        ),
        (
            replaced(5, attributes=["id: UUID", "colour: str"]),
            "item[5] (SampleShelfSchema): attributes[1]",
            "'colour' is not a field of SampleShelf",
        ),
        (
            replaced(6, methods=[method("shelve", [], "None")]),
            "item[6] (SampleShelfRouter): methods[0]",
            "'shelve' routes no use case of this array",
        ),
        (
            replaced(6, methods=[method("add_sample_shelf", [], "None")]),
            "item[6] (SampleShelfRouter): methods",
            "no method routes GetSampleShelf",
        ),
    ],
)
def test_what_cannot_be_placed_is_refused_with_the_reason(
    items: list[dict[str, Any]], where: str, says: str
) -> None:
    with pytest.raises(ScaffoldError) as refused:
        parsed(items)

    assert refused.value.where == where
    assert says in refused.value.message


def test_one_interface_is_not_both_the_data_mapper_and_the_reader() -> None:
    items = replaced(4, dependencies=["ISampleShelfRepository"])
    items[1] = {**items[1], "methods": []}

    with pytest.raises(ScaffoldError) as refused:
        parsed(items)

    assert "both the data mapper of the writes and the reader" in str(refused.value)
