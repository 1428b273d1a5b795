"""Seed JSON arrays (seeds 000 and 001) as requests.

Items of the layers a resource covers (an entity, its interfaces, use cases,
schemas and router) become resource requests; those of other layers outside
infrastructure are skipped and reported by layer;
anything malformed is an error naming the item (index and class_name) and
the field.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from add_adapter.scaffold.bound_when import conditions_from_item
from add_adapter.scaffold.constraints import Constraints, parse_constraints
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.fields import parse_field
from add_adapter.scaffold.kinds.resource.seed_items import (
    ENTITY,
    RESOURCE_LAYERS,
    SeedItem,
    resource_requests,
)
from add_adapter.scaffold.request import (
    AdapterKind,
    AdapterRequest,
    Method,
    build_method,
    check_class_name,
    check_port_path,
)
from add_adapter.specification.vocabulary import Scope

KIND_BY_LAYER: dict[str, AdapterKind | None] = {
    "infrastructure/model": AdapterKind.MODEL,
    "infrastructure/repository": AdapterKind.REPOSITORY,
    "infrastructure/data_mapper": AdapterKind.DATA_MAPPER,
    "infrastructure/reader": AdapterKind.READER,
    "infrastructure/pipeline_step": AdapterKind.PIPELINE_STEP,
    "infrastructure/adapter": None,  # the kind comes from "kind" or the item's shape
    "infrastructure/auth": None,  # identity-provider or access-revoker, by "kind"
}
OTHER_LAYERS = frozenset(
    {
        "domain/service",
        "domain/value_object",
        "application/service",
        "presentation/dependency",
    }
)
"""Layers the seeds name that other workflows generate: reported, skipped.
Those of RESOURCE_LAYERS are placed onto resources (kinds/resource/seed_items.py)."""

KNOWN_KEYS = frozenset(
    {
        "class_name",
        "layer",
        "kind",
        "description",
        "table_name",
        "columns",
        "attributes",
        "constraints",
        "implements",
        "dependencies",
        "methods",
        "config",
        "imports",
        "entity",
        "scope",
        "calls",
        "reads",
        "writes",
        "replace",
        "technology",
        "when",
        "code_path",
        "code_raw_url",
        "test_path",
        "test_raw_url",
    }
)
_MODEL_KINDS = (AdapterKind.MODEL,)


@dataclass
class ParsedItems:
    requests: list[AdapterRequest] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    item_of_request: dict[str, int] = field(default_factory=dict)
    resource_items: list[SeedItem] = field(default_factory=list)


def parse_items(text: str, source: str) -> tuple[list[Any], ParsedItems]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScaffoldError(
            source, f"line {error.lineno}, column {error.colno}: {error.msg}"
        ) from error
    if not isinstance(items, list):
        raise ScaffoldError(source, "expected a JSON array of items")
    parsed = ParsedItems()
    for index, item in enumerate(items):
        request = _parse_item(index, item, parsed)
        if request is not None:
            parsed.requests.append(request)
            parsed.item_of_request[request.class_name] = index
    resources, skipped = resource_requests(parsed.resource_items)
    parsed.skipped += skipped
    for request in resources:
        parsed.requests.append(request)
        parsed.item_of_request[request.class_name] = _index_of(request.origin)
    # Tables first: a repository of the same array reads its model's fields.
    parsed.requests.sort(key=lambda r: r.kind not in _MODEL_KINDS)
    return items, parsed


def _parse_item(index: int, item: object, parsed: ParsedItems) -> AdapterRequest | None:
    if not isinstance(item, dict):
        raise ScaffoldError(f"item[{index}]", "expected a JSON object")
    raw_name = item.get("class_name")
    origin = (
        f"item[{index}] ({raw_name})" if isinstance(raw_name, str) else f"item[{index}]"
    )
    if not isinstance(raw_name, str):
        raise ScaffoldError(f"{origin}: class_name", "is missing or not a string")
    unknown = sorted(set(item) - KNOWN_KEYS)
    if unknown:
        raise ScaffoldError(f"{origin}: {unknown[0]}", "unknown field")
    layer = item.get("layer")
    if not isinstance(layer, str):
        raise ScaffoldError(f"{origin}: layer", "is missing or not a string")
    if layer in RESOURCE_LAYERS:
        class_name = check_class_name(raw_name, f"{origin}: class_name")
        parsed.resource_items.append(_seed_item(item, origin, layer, class_name))
        return None
    if layer in OTHER_LAYERS:
        parsed.skipped.append(
            f"skipped {origin}: layer {layer} is not scaffolded by add-adapter"
        )
        return None
    if layer not in KIND_BY_LAYER:
        known = ", ".join(sorted({*KIND_BY_LAYER, *OTHER_LAYERS, *RESOURCE_LAYERS}))
        # Seed 001's schema lists the alternatives in one string.
        hint = "; it lists alternatives, choose one" if " | " in layer else ""
        raise ScaffoldError(
            f"{origin}: layer", f"unknown layer '{layer}'{hint} (known: {known})"
        )
    class_name = check_class_name(raw_name, f"{origin}: class_name")
    kind = _kind(item, layer, origin)
    if item.get("imports"):
        parsed.notes.append(
            f"{origin}: 'imports' ignored: add-adapter writes the imports itself"
        )
    if item.get("dependencies"):
        parsed.notes.append(
            f"{origin}: 'dependencies' ignored: the adapter gets the request's "
            "AsyncSession, HTTP client and settings from the container"
        )
    fields_key = "columns" if item.get("columns") else "attributes"
    field_texts = _strings(item, fields_key, origin) if kind in _ENTITY_KINDS else []
    port = item.get("implements")
    if port is not None:
        if not isinstance(port, str):
            raise ScaffoldError(
                f"{origin}: implements", "expected one dotted port path"
            )
        check_port_path(port, f"{origin}: implements")
    return AdapterRequest(
        kind=kind,
        class_name=class_name,
        origin=origin,
        scope=_scope(item, origin, kind),
        entity=_optional_string(item, "entity", origin),
        fields=tuple(
            parse_field(text, f"{origin}: {fields_key}[{i}]")
            for i, text in enumerate(field_texts)
        ),
        table_name=_optional_string(item, "table_name", origin),
        port=port,
        methods=_methods(item, origin),
        description=_optional_string(item, "description", origin),
        config=tuple(_strings(item, "config", origin)),
        calls=_optional_string(item, "calls", origin),
        reads=tuple(_strings(item, "reads", origin)),
        writes=_optional_string(item, "writes", origin),
        replace=_flag(item, "replace", origin),
        technology=_optional_string(item, "technology", origin),
        when=(
            conditions_from_item(item["when"], f"{origin}: when")
            if "when" in item
            else ()
        ),
        constraints=_constraints(item, kind, origin),
        fields_key=fields_key,
    )


def _seed_item(
    item: dict[str, Any], origin: str, layer: str, class_name: str
) -> SeedItem:
    """An item of a resource layer, its fields read as the entity's."""
    attributes = _strings(item, "attributes", origin)
    return SeedItem(
        origin=origin,
        layer=layer,
        class_name=class_name,
        fields=tuple(
            parse_field(text, f"{origin}: attributes[{i}]")
            for i, text in enumerate(attributes)
        )
        if layer == ENTITY
        else (),
        attribute_names=tuple(text.partition(":")[0].strip() for text in attributes),
        methods=_methods(item, origin),
        dependencies=tuple(_strings(item, "dependencies", origin)),
    )


def _index_of(origin: str) -> int:
    """`item[3] (Book)` -> 3."""
    return int(origin.removeprefix("item[").partition("]")[0])


def _constraints(
    item: dict[str, Any], kind: AdapterKind, origin: str
) -> Constraints | None:
    if "constraints" not in item:
        return None
    if kind not in _ENTITY_KINDS:
        raise ScaffoldError(
            f"{origin}: constraints", f"a {kind.value} has no table to constrain"
        )
    return parse_constraints(item["constraints"], f"{origin}: constraints")


_ENTITY_KINDS = frozenset(
    {
        AdapterKind.MODEL,
        AdapterKind.DATA_MAPPER,
        AdapterKind.READER,
        AdapterKind.REPOSITORY,
    }
)


_KIND_BY_NAME_SUFFIX = (
    ("Cache", AdapterKind.CACHE),
    ("Publisher", AdapterKind.MESSAGE_PUBLISHER),
    ("Storage", AdapterKind.FILE_STORAGE),
)
"""An adapter item without "kind" named `RedisCache` is a cache, and so on."""
APP_SCOPED_KINDS = frozenset(
    {
        AdapterKind.HTTP_CLIENT,
        AdapterKind.CACHE,
        AdapterKind.MESSAGE_PUBLISHER,
        AdapterKind.FILE_STORAGE,
    }
)
"""Kinds app-scoped unless the item says otherwise: they hold only app-scoped
clients."""


def _kind(item: dict[str, Any], layer: str, origin: str) -> AdapterKind:
    explicit = item.get("kind")
    if explicit is not None:
        try:
            # The spec's spelling (message_publisher) names the kind too.
            return AdapterKind(
                explicit.replace("_", "-") if isinstance(explicit, str) else explicit
            )
        except ValueError:
            known = ", ".join(kind.value for kind in AdapterKind)
            raise ScaffoldError(
                f"{origin}: kind", f"unknown kind '{explicit}' (known: {known})"
            ) from None
    by_layer = KIND_BY_LAYER[layer]
    if by_layer is not None:
        return by_layer
    if item.get("config") or item["class_name"].endswith(("Client", "Gateway")):
        return AdapterKind.HTTP_CLIENT
    for suffix, kind in _KIND_BY_NAME_SUFFIX:
        if item["class_name"].endswith(suffix):
            return kind
    known = ", ".join(kind.value for kind in AdapterKind)
    raise ScaffoldError(
        f"{origin}: kind",
        f'cannot tell what this adapter is; add "kind": one of {known}',
    )


def _methods(item: dict[str, Any], origin: str) -> tuple[Method, ...]:
    raw = item.get("methods", [])
    if not isinstance(raw, list):
        raise ScaffoldError(f"{origin}: methods", "expected an array")
    methods = []
    for index, method in enumerate(raw):
        where = f"{origin}: methods[{index}]"
        if not isinstance(method, dict) or not isinstance(
            method.get("method_name"), str
        ):
            raise ScaffoldError(where, "expected an object with a method_name")
        parameters = method.get("parameters", [])
        if not isinstance(parameters, list) or not all(
            isinstance(p, str) for p in parameters
        ):
            raise ScaffoldError(
                f"{where}.parameters", "expected an array of 'name: type'"
            )
        returns = method.get("return_type", "None")
        if not isinstance(returns, str):
            raise ScaffoldError(f"{where}.return_type", "expected a type")
        methods.append(
            build_method(
                method["method_name"],
                parameters,
                returns,
                method.get("description"),
                where,
            )
        )
    return tuple(methods)


def _strings(item: dict[str, Any], key: str, origin: str) -> list[str]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ScaffoldError(f"{origin}: {key}", "expected an array of strings")
    return value


def _flag(item: dict[str, Any], key: str, origin: str) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise ScaffoldError(f"{origin}: {key}", "expected true or false")
    return value


def _optional_string(item: dict[str, Any], key: str, origin: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise ScaffoldError(f"{origin}: {key}", "expected a string")
    return value


def _scope(item: dict[str, Any], origin: str, kind: AdapterKind) -> Scope:
    value = item.get("scope")
    if value is None:
        return Scope.APP if kind in APP_SCOPED_KINDS else Scope.REQUEST
    try:
        return Scope(value)
    except ValueError:
        raise ScaffoldError(
            f"{origin}: scope", f"unknown scope '{value}' (known: app, request)"
        ) from None


def with_paths(
    items: list[Any], paths: dict[int, tuple[str | None, str | None]]
) -> str:
    """The array with code_path and test_path written into each item (seed
    000, step 7)."""
    for index, (code_path, test_path) in paths.items():
        if code_path:
            items[index]["code_path"] = code_path
        if test_path:
            items[index]["test_path"] = test_path
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
