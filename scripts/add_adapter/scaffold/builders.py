"""Which builder handles which kind: the kind's folder under scaffold/kinds/
(whose `builder` module holds it) and the function's name."""

import importlib
from collections.abc import Callable

from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.request import AdapterKind, AdapterRequest

Builder = Callable[[AdapterRequest, Batch], Addition]

_BUILDERS: dict[AdapterKind, tuple[str, str]] = {
    AdapterKind.MODEL: ("model", "build_model"),
    AdapterKind.DATA_MAPPER: ("data_mapper", "build_data_mapper"),
    AdapterKind.READER: ("reader", "build_reader"),
    AdapterKind.REPOSITORY: ("repository", "build_repository"),
    AdapterKind.HTTP_CLIENT: ("http_client", "build_http_client"),
    AdapterKind.PIPELINE_STEP: ("pipeline_step", "build_pipeline_step"),
    AdapterKind.CACHE: ("cache", "build_cache"),
    AdapterKind.MESSAGE_PUBLISHER: ("message_publisher", "build_message_publisher"),
    AdapterKind.FILE_STORAGE: ("file_storage", "build_file_storage"),
    AdapterKind.IDENTITY_PROVIDER: ("auth", "build_identity_provider"),
    AdapterKind.ACCESS_REVOKER: ("auth", "build_access_revoker"),
    AdapterKind.RESOURCE: ("resource", "build_resource"),
}


def builder_for(kind: AdapterKind) -> Builder:
    # Imported by name: each kind's module loads only when a request needs it.
    folder, function_name = _BUILDERS[kind]
    module = importlib.import_module(f"add_adapter.scaffold.kinds.{folder}.builder")
    builder: Builder = getattr(module, function_name)
    return builder
