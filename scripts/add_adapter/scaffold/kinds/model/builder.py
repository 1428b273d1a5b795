"""The model kind: a table on its own, that is its entity, its SQLAlchemy model
and (through the scaffolder's migrate stage) its migration."""

from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.kinds.model.entity import add_entity_files, resolve_entity
from add_adapter.scaffold.request import AdapterRequest


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
