"""Data mappers (write side) and readers (read side) of an entity, with the
entity, its table, an in-memory twin and their tests."""

from pathlib import Path

from add_adapter.naming import snake_case, split_dotted
from add_adapter.paths import IN_MEMORY_PACKAGE
from add_adapter.scaffold.addition import Addition, twin_entry
from add_adapter.scaffold.batch import Batch, module_of, port_stem
from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.finder_cases import (
    contract_cases,
    finder_helpers,
    list_type,
    method_docs,
)
from add_adapter.scaffold.finders import DerivedMethod, Target, derive_methods
from add_adapter.scaffold.kinds.entity import (
    add_entity_files,
    missing_id,
    resolve_entity,
)
from add_adapter.scaffold.packages import ensure_package
from add_adapter.scaffold.prose import format_docstring
from add_adapter.scaffold.render import render_template
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.scaffold.shadowing import uses_builtins
from add_adapter.specification.model import Component
from add_adapter.specification.vocabulary import Kind, Layer

ADAPTERS_PACKAGE = "app.infrastructure.adapters"
CONTRACT_TESTS = Path("tests/contracts")
ADAPTER_TESTS = Path("tests/integration/adapters")


def build_model(request: AdapterRequest, batch: Batch) -> Addition:
    """A table on its own (seed `infrastructure/model` items)."""
    if request.methods:
        raise ScaffoldError(
            request.where("methods"),
            "a model is a table: it has no methods (give them to a repository)",
        )
    addition = Addition(request.class_name)
    entity = resolve_entity(request, batch)
    add_entity_files(entity, request, batch, addition)
    addition.code_path = batch.index.module_path(entity.model_module)
    return addition


DATA_MAPPER_METHODS = ("add", "get_by_id", "update", "delete")


def build_data_mapper(request: AdapterRequest, batch: Batch) -> Addition:
    for position, method in enumerate(request.methods):
        if method.name not in DATA_MAPPER_METHODS:
            raise ScaffoldError(
                request.where(f"methods[{position}].method_name"),
                f"a data mapper has the methods {', '.join(DATA_MAPPER_METHODS)}; "
                f"for '{method.name}', make it a repository "
                "(layer infrastructure/repository), whose methods are yours",
            )
    return _build(request, batch, "DataMapper", Kind.DATA_MAPPER, "data_mapper")


def build_reader(request: AdapterRequest, batch: Batch) -> Addition:
    return _build(request, batch, "Reader", Kind.READER, "reader")


def _reader_methods(
    request: AdapterRequest, entity: EntityNames
) -> list[DerivedMethod]:
    """The reader's own methods' companions: those of the request, derived
    from their names (add_adapter.scaffold.finders) and returning views."""
    own = (f"get_{entity.snake}", f"list_{entity.plural}")
    for position, method in enumerate(request.methods):
        if method.name in own:
            raise ScaffoldError(
                request.where(f"methods[{position}].method_name"),
                f"'{method.name}' is one of the reader's own methods "
                f"({', '.join(own)}); name yours otherwise",
            )
    return derive_methods(
        request.methods,
        Target(entity, entity.view_class, writes=False),
        lambda position: request.where(f"methods[{position}]"),
    )


def adapter_names(module: str, class_name: str, port_class: str) -> dict[str, str]:
    """How the adapter names its port, and the contract test the adapter. A
    seed item may name the adapter as its port is named (`BookRepository`
    implementing the port `BookRepository` of another package); the adapter
    then imports the port as `BookRepositoryPort` and the test imports the
    adapter as `SqlaBookRepository`, so the two names never meet."""
    same = class_name == port_class
    port_name = f"{port_class}Port" if same else port_class
    sqla_name = f"Sqla{class_name}" if same else class_name
    return {
        "port_import": _imported(port_class, port_name),
        "port_base": port_name,
        "sqla_module": module,
        "sqla_class": class_name,
        "sqla_import": _imported(class_name, sqla_name),
        "sqla_name": sqla_name,
    }


def _imported(name: str, alias: str) -> str:
    return name if alias == name else f"{name} as {alias}"


def _build(
    request: AdapterRequest, batch: Batch, role: str, kind: Kind, template: str
) -> Addition:
    addition = Addition(request.class_name)
    entity = resolve_entity(request, batch)
    add_entity_files(entity, request, batch, addition)
    if role == "Reader":
        _add_query_model(entity, request, batch, addition)
    port = (
        request.port
        or f"app.application.ports.{entity.snake}_{snake_case(role)}."
        f"{entity.name}{role}"
    )
    port_module, port_class = split_dotted(port)
    if not batch.port_is_new(port, addition.owner, request.where("port")):
        raise ScaffoldError(
            request.where("port"),
            f"{port} is a hand-written port; the {request.kind.value} template "
            "implements the port it generates, so name a new one",
        )
    module = module_of(request.class_name, ADAPTERS_PACKAGE)
    in_memory_class = f"InMemory{entity.name}{role}"
    in_memory_module = module_of(in_memory_class, IN_MEMORY_PACKAGE)
    names = {
        "e": entity,
        "class_name": request.class_name,
        "module": module,
        "port_module": port_module,
        "port_class": port_class,
        **adapter_names(module, request.class_name, port_class),
        "in_memory_module": in_memory_module,
        "in_memory_class": in_memory_class,
        "missing_id": missing_id(entity),
        "class_doc": format_docstring(
            request.description or _description(role, entity), 4
        ),
    }
    if role == "Reader":
        methods = _reader_methods(request, entity)
        names.update(
            methods=methods,
            docs=method_docs(methods, entity),
            cases=contract_cases(methods, entity),
            uses=finder_helpers(methods),
            builtins=uses_builtins([m.signature for m in methods]),
            list_type=list_type(methods),
        )
    index = batch.index
    contract_test = CONTRACT_TESTS / f"test_{port_stem(port_class)}.py"
    adapter_test = ADAPTER_TESTS / f"test_{snake_case(request.class_name)}.py"
    names["contract_test"] = contract_test.as_posix()
    port_path = index.module_path(port_module)
    if (
        port_path not in batch.planned_paths
        or batch.planned_paths[port_path] == addition.owner
    ):
        addition.add(port_path, render_template(f"{template}_port.py", **names))
    code_path = index.module_path(module)
    batch.claim(code_path, addition.owner, request.where("class_name"))
    addition.add(code_path, render_template(f"sqla_{template}.py", **names))
    ensure_package(
        batch, addition, index.module_path(IN_MEMORY_PACKAGE).parent / "in_memory"
    )
    in_memory_path = index.module_path(in_memory_module)
    batch.claim(in_memory_path, addition.owner, request.where("class_name"))
    addition.add(
        in_memory_path,
        render_template(
            f"in_memory_{template}.py", **{**names, "class_name": in_memory_class}
        ),
    )
    ensure_package(batch, addition, CONTRACT_TESTS)
    batch.claim(contract_test, addition.owner, request.where("class_name"))
    addition.add(
        contract_test, render_template(f"{template}_contract_test.py", **names)
    )
    ensure_package(batch, addition, ADAPTER_TESTS)
    batch.claim(adapter_test, addition.owner, request.where("class_name"))
    addition.add(adapter_test, render_template(f"sqla_{template}_test.py", **names))
    addition.code_path, addition.test_path = code_path, adapter_test
    if role == "DataMapper":
        addition.twin = twin_entry(
            in_memory_class, in_memory_module, in_memory_path, port, request.class_name
        )
    addition.components.append(
        Component(
            class_name=request.class_name,
            module=module,
            layer=Layer.INFRASTRUCTURE_ADAPTER,
            kind=kind,
            implements=(port,),
            scope=request.scope,
            description=request.description or _description(role, entity),
            table_name=entity.table,
            attributes=tuple(field.describe() for field in entity.fields),
            code_path=code_path.as_posix(),
            test_path=adapter_test.as_posix(),
        )
    )
    return addition


def _add_query_model(
    entity: EntityNames, request: AdapterRequest, batch: Batch, addition: Addition
) -> None:
    path = batch.index.module_path(entity.view_module)
    if path in batch.planned_paths:
        return
    batch.claim(path, addition.owner, request.where("entity"))
    addition.add(
        path,
        render_template("query_model.py", e=entity),
    )


def _description(role: str, entity: EntityNames) -> str:
    verb = "Loads and stores" if role == "DataMapper" else "Answers queries about"
    return f"{verb} {entity.name} entities in the {entity.table} table."
