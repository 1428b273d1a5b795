"""Repositories in the seeds' sense: one class per entity whose methods come
from the request's method list, each with a body derived from its name,
parameters and return type (the grammar of add_adapter.scaffold.finders)."""

from add_adapter.naming import split_dotted
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
from add_adapter.scaffold.finders import Target, derive_methods
from add_adapter.scaffold.kinds.model.entity import (
    add_entity_files,
    annotation_names,
    missing_id,
    resolve_entity,
)
from add_adapter.scaffold.kinds.shared.table_adapter import (
    ADAPTERS_PACKAGE,
    CONTRACT_TESTS,
    adapter_names,
)
from add_adapter.scaffold.packages import ensure_package
from add_adapter.scaffold.prose import format_docstring
from add_adapter.scaffold.render import render_template
from add_adapter.scaffold.request import AdapterRequest, Method, Parameter
from add_adapter.scaffold.shadowing import uses_builtins
from add_adapter.scaffold.twins import double_module, ensure_doubles_package
from add_adapter.specification.vocabulary import Kind, Layer

DEFAULT_METHODS = ("create", "get_by_id", "get_all", "update", "delete")


def build_repository(request: AdapterRequest, batch: Batch) -> Addition:
    addition = Addition(request.class_name)
    entity = resolve_entity(request, batch)
    add_entity_files(entity, request, batch, addition)
    port = request.port or (
        f"app.application.ports.{entity.snake}_repository.{entity.name}Repository"
    )
    port_module, port_class = split_dotted(port)
    if not batch.port_is_new(port, addition.owner, request.where("implements")):
        raise ScaffoldError(
            request.where("implements"),
            f"{port} is a hand-written port; the repository template implements "
            "the port it generates, so name a new one",
        )
    methods = derive_methods(
        request.methods or tuple(_default_method(n, entity) for n in DEFAULT_METHODS),
        Target(entity, entity.name, writes=True),
        lambda position: request.where(f"methods[{position}]"),
    )
    module = module_of(request.class_name, ADAPTERS_PACKAGE)
    in_memory_class = f"InMemory{entity.name}Repository"
    in_memory_module = double_module(in_memory_class)
    names = {
        "e": entity,
        "methods": methods,
        "docs": method_docs(methods, entity),
        "cases": contract_cases(methods, entity),
        "uses": finder_helpers(methods),
        # A port of counts and deletes only never names the entity.
        "names_entity": any(
            entity.name in annotation_names(m.signature) for m in methods
        ),
        "builtins": uses_builtins([m.signature for m in methods]),
        "list_type": list_type(methods),
        "class_name": request.class_name,
        "class_doc": format_docstring(_class_doc(request), 4),
        "port_module": port_module,
        "port_class": port_class,
        **adapter_names(module, request.class_name, port_class),
        "in_memory_module": in_memory_module,
        "in_memory_class": in_memory_class,
        "missing_id": missing_id(entity),
    }
    index = batch.index
    addition.add(
        index.module_path(port_module),
        render_template("repository/repository_port.py", **names),
    )
    code_path = index.module_path(module)
    batch.claim(code_path, addition.owner, request.where("class_name"))
    addition.add(code_path, render_template("repository/sqla_repository.py", **names))
    ensure_doubles_package(batch, addition)
    in_memory_path = index.module_path(in_memory_module)
    batch.claim(in_memory_path, addition.owner, request.where("class_name"))
    addition.add(
        in_memory_path,
        render_template(
            "repository/in_memory_repository.py",
            **{**names, "class_name": in_memory_class},
        ),
    )
    ensure_package(batch, addition, CONTRACT_TESTS)
    test_path = CONTRACT_TESTS / f"test_{port_stem(port_class)}.py"
    batch.claim(test_path, addition.owner, request.where("class_name"))
    addition.add(
        test_path, render_template("repository/repository_contract_test.py", **names)
    )
    addition.twin = twin_entry(
        in_memory_class, in_memory_module, in_memory_path, port, request.class_name
    )
    addition.bind(
        request,
        port,
        (module, code_path, test_path),
        kind=Kind.REPOSITORY,
        layer=Layer.INFRASTRUCTURE_REPOSITORY,
        summary=f"Stores {entity.name} entities in the {entity.table} table.",
        table=entity.table_entry,
    )
    return addition


def _class_doc(request: AdapterRequest) -> str:
    """The item's description is the adapter's, after what it does."""
    summary = "Flushes writes; the request's TransactionManager commits them."
    return f"{request.description}\n\n{summary}" if request.description else summary


def _default_method(name: str, entity: EntityNames) -> Method:
    id_parameter = Parameter(entity.id_name, entity.id_field.column_type.python)
    entity_parameter = Parameter(entity.snake, entity.name)
    shapes = {
        "create": ((entity_parameter,), entity.name),
        "get_by_id": ((id_parameter,), entity.name),
        "get_all": ((), f"list[{entity.name}]"),
        "update": ((entity_parameter,), entity.name),
        "delete": ((id_parameter,), "None"),
    }
    parameters, returns = shapes[name]
    return Method(name, parameters, returns)
