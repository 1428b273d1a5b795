"""The reader kind (query side): an entity's table, its query model, a port
answering with query models (its own finders plus those derived from the
request's method names), SQL and in-memory implementations and their tests."""

from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.finder_cases import (
    contract_cases,
    finder_helpers,
    list_type,
    method_docs,
)
from add_adapter.scaffold.finders import DerivedMethod, Target, derive_methods
from add_adapter.scaffold.kinds.shared.table_adapter import (
    TableKind,
    build_table_adapter,
)
from add_adapter.scaffold.render import render_template
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.scaffold.shadowing import uses_builtins
from add_adapter.specification.vocabulary import Kind


def _add_query_model(
    entity: EntityNames, request: AdapterRequest, batch: Batch, addition: Addition
) -> None:
    path = batch.index.module_path(entity.view_module)
    if path in batch.planned_paths:
        return
    batch.claim(path, addition.owner, request.where("entity"))
    addition.add(
        path,
        render_template("reader/query_model.py", e=entity),
    )


def _finder_names(request: AdapterRequest, entity: EntityNames) -> dict[str, object]:
    """What the reader's templates need of its derived finders."""
    methods = _reader_methods(request, entity)
    return {
        "methods": methods,
        "docs": method_docs(methods, entity),
        "cases": contract_cases(methods, entity),
        "uses": finder_helpers(methods),
        "builtins": uses_builtins([m.signature for m in methods]),
        "list_type": list_type(methods),
    }


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


READER = TableKind(
    class_suffix="Reader",
    spec_kind=Kind.READER,
    folder="reader",
    description_verb="Answers queries about",
    is_twin=False,
    add_companions=_add_query_model,
    extra_names=_finder_names,
)


def build_reader(request: AdapterRequest, batch: Batch) -> Addition:
    return build_table_adapter(request, batch, READER)
