"""What the table-backed kinds share (data mapper and reader: see their
folders): from an entity, its table, a port, SQL and in-memory implementations,
a contract test and an adapter test, each rendered from the templates of the
kind's folder."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from add_adapter.naming import snake_case, split_dotted
from add_adapter.scaffold.addition import Addition, twin_entry
from add_adapter.scaffold.batch import Batch, module_of, port_stem
from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.kinds.model.entity import (
    add_entity_files,
    missing_id,
    resolve_entity,
)
from add_adapter.scaffold.kinds.shared.ports import port_as_named
from add_adapter.scaffold.packages import ensure_package
from add_adapter.scaffold.prose import format_docstring
from add_adapter.scaffold.render import render_template
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.scaffold.twins import double_module, ensure_doubles_package
from add_adapter.specification.vocabulary import Kind

ADAPTERS_PACKAGE = "app.infrastructure.adapters"
CONTRACT_TESTS = Path("tests/contracts")
ADAPTER_TESTS = Path("tests/integration/adapters")


def _no_companions(
    entity: EntityNames, request: AdapterRequest, batch: Batch, addition: Addition
) -> None:
    return None


def _no_extra_names(request: AdapterRequest, entity: EntityNames) -> dict[str, object]:
    return {}


@dataclass(frozen=True)
class TableKind:
    """One table-backed kind: how its classes are named and described, and
    what it adds to what the two share."""

    class_suffix: str
    """The suffix of its port and in-memory class: `DataMapper`, `Reader`."""
    spec_kind: Kind
    folder: str
    """The kind's folder, whose templates are `<folder>_port.py.jinja`,
    `sqla_<folder>.py.jinja` and so on."""
    description_verb: str
    is_twin: bool
    """Whether its in-memory class stands in for the adapter (a twin entry)."""
    add_companions: Callable[[EntityNames, AdapterRequest, Batch, Addition], None] = (
        _no_companions
    )
    """Files beside the entity's, before the port (the reader's query model)."""
    extra_names: Callable[[AdapterRequest, EntityNames], dict[str, object]] = (
        _no_extra_names
    )
    """What its templates need beyond the shared names."""


def adapter_names(module: str, class_name: str, port_class: str) -> dict[str, str]:
    """How the adapter names its port, and the contract test the adapter. A
    seed item may name the adapter as its port is named (`BookRepository`
    implementing the port `BookRepository` of another package); the adapter
    then imports the port as `BookRepositoryPort` and the test imports the
    adapter as `SqlaBookRepository`, so the two names never meet."""
    port_import, port_base = port_as_named(class_name, port_class)
    sqla_name = f"Sqla{class_name}" if class_name == port_class else class_name
    return {
        "port_import": port_import,
        "port_base": port_base,
        "sqla_module": module,
        "sqla_class": class_name,
        "sqla_import": _imported(class_name, sqla_name),
        "sqla_name": sqla_name,
    }


def _imported(name: str, alias: str) -> str:
    return name if alias == name else f"{name} as {alias}"


def build_table_adapter(
    request: AdapterRequest, batch: Batch, kind: TableKind
) -> Addition:
    addition = Addition(request.class_name)
    entity = resolve_entity(request, batch)
    add_entity_files(entity, request, batch, addition)
    kind.add_companions(entity, request, batch, addition)
    port = (
        request.port
        or f"app.application.ports.{entity.snake}_{snake_case(kind.class_suffix)}."
        f"{entity.name}{kind.class_suffix}"
    )
    if not batch.port_is_new(port, addition.owner, request.where("port")):
        raise ScaffoldError(
            request.where("port"),
            f"{port} is a hand-written port; the {request.kind.value} template "
            "implements the port it generates, so name a new one",
        )
    names = _template_names(request, kind, entity, port)
    code_path, adapter_test = _add_files(request, batch, kind, addition, names)
    if kind.is_twin:
        in_memory_module = str(names["in_memory_module"])
        addition.twin = twin_entry(
            str(names["in_memory_class"]),
            in_memory_module,
            batch.index.module_path(in_memory_module),
            port,
            request.class_name,
        )
    addition.bind(
        request,
        port,
        (str(names["module"]), code_path, adapter_test),
        kind=kind.spec_kind,
        summary=_description(kind, entity),
        table=entity.table_entry,
    )
    return addition


def _template_names(
    request: AdapterRequest, kind: TableKind, entity: EntityNames, port: str
) -> dict[str, object]:
    port_module, port_class = split_dotted(port)
    module = module_of(request.class_name, ADAPTERS_PACKAGE)
    in_memory_class = f"InMemory{entity.name}{kind.class_suffix}"
    contract_test = CONTRACT_TESTS / f"test_{port_stem(port_class)}.py"
    return {
        "e": entity,
        "class_name": request.class_name,
        "module": module,
        "port_module": port_module,
        "port_class": port_class,
        **adapter_names(module, request.class_name, port_class),
        "in_memory_module": double_module(in_memory_class),
        "in_memory_class": in_memory_class,
        "missing_id": missing_id(entity),
        "class_doc": format_docstring(
            request.description or _description(kind, entity), 4
        ),
        **kind.extra_names(request, entity),
        "contract_test": contract_test.as_posix(),
    }


def _add_files(
    request: AdapterRequest,
    batch: Batch,
    kind: TableKind,
    addition: Addition,
    names: dict[str, object],
) -> tuple[Path, Path]:
    """Adds the port (unless another item of the batch wrote it), the SQL and
    in-memory implementations and the two tests; returns the code's and the
    adapter test's paths."""
    index, folder, owner = batch.index, kind.folder, addition.owner
    where = request.where("class_name")
    port_path = index.module_path(str(names["port_module"]))
    if port_path not in batch.planned_paths or batch.planned_paths[port_path] == owner:
        addition.add(port_path, render_template(f"{folder}/{folder}_port.py", **names))
    code_path = index.module_path(str(names["module"]))
    batch.claim(code_path, owner, where)
    addition.add(code_path, render_template(f"{folder}/sqla_{folder}.py", **names))
    ensure_doubles_package(batch, addition)
    in_memory_path = index.module_path(str(names["in_memory_module"]))
    batch.claim(in_memory_path, owner, where)
    in_memory_names = {**names, "class_name": names["in_memory_class"]}
    addition.add(
        in_memory_path,
        render_template(f"{folder}/in_memory_{folder}.py", **in_memory_names),
    )
    contract_test = Path(str(names["contract_test"]))
    ensure_package(batch, addition, CONTRACT_TESTS)
    batch.claim(contract_test, owner, where)
    addition.add(
        contract_test, render_template(f"{folder}/{folder}_contract_test.py", **names)
    )
    adapter_test = ADAPTER_TESTS / f"test_{snake_case(request.class_name)}.py"
    ensure_package(batch, addition, ADAPTER_TESTS)
    batch.claim(adapter_test, owner, where)
    addition.add(
        adapter_test, render_template(f"{folder}/sqla_{folder}_test.py", **names)
    )
    return code_path, adapter_test


def _description(kind: TableKind, entity: EntityNames) -> str:
    return (
        f"{kind.description_verb} {entity.name} entities in the {entity.table} table."
    )
