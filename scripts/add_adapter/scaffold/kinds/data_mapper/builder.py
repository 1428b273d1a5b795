"""The data mapper kind (write side): an entity's table, its port with the
fixed methods below, SQL and in-memory implementations and their tests."""

from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.kinds.shared.table_adapter import (
    TableKind,
    build_table_adapter,
)
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.specification.vocabulary import Kind

DATA_MAPPER_METHODS = ("add", "get_by_id", "update", "delete")

DATA_MAPPER = TableKind(
    class_suffix="DataMapper",
    spec_kind=Kind.DATA_MAPPER,
    folder="data_mapper",
    description_verb="Loads and stores",
    is_twin=True,
)


def build_data_mapper(request: AdapterRequest, batch: Batch) -> Addition:
    for position, method in enumerate(request.methods):
        if method.name not in DATA_MAPPER_METHODS:
            raise ScaffoldError(
                request.where(f"methods[{position}].method_name"),
                f"a data mapper has the methods {', '.join(DATA_MAPPER_METHODS)}; "
                f"for '{method.name}', make it a repository "
                "(layer infrastructure/repository), whose methods are yours",
            )
    return build_table_adapter(request, batch, DATA_MAPPER)
