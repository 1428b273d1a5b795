"""Which builder handles which kind."""

from collections.abc import Callable

from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.request import AdapterKind, AdapterRequest

Builder = Callable[[AdapterRequest, Batch], Addition]


def builder_for(kind: AdapterKind) -> Builder:
    # Imported here: each kind's module loads only when a request needs it.
    from add_adapter.scaffold.kinds import persistence

    builders: dict[AdapterKind, Builder] = {
        AdapterKind.MODEL: persistence.build_model,
        AdapterKind.DATA_MAPPER: persistence.build_data_mapper,
        AdapterKind.READER: persistence.build_reader,
    }
    if kind in (AdapterKind.HTTP_CLIENT,):
        from add_adapter.scaffold.kinds.http_client import build_http_client

        builders[kind] = build_http_client
    if kind is AdapterKind.PIPELINE_STEP:
        from add_adapter.scaffold.kinds.pipeline_step import build_pipeline_step

        builders[kind] = build_pipeline_step
    if kind is AdapterKind.REPOSITORY:
        from add_adapter.scaffold.kinds.repository import build_repository

        builders[kind] = build_repository
    if kind is AdapterKind.CACHE:
        from add_adapter.scaffold.kinds.cache import build_cache

        builders[kind] = build_cache
    if kind is AdapterKind.MESSAGE_PUBLISHER:
        from add_adapter.scaffold.kinds.message_publisher import (
            build_message_publisher,
        )

        builders[kind] = build_message_publisher
    if kind is AdapterKind.FILE_STORAGE:
        from add_adapter.scaffold.kinds.file_storage import build_file_storage

        builders[kind] = build_file_storage
    if kind in (AdapterKind.IDENTITY_PROVIDER, AdapterKind.ACCESS_REVOKER):
        from add_adapter.scaffold.kinds import auth

        builders[AdapterKind.IDENTITY_PROVIDER] = auth.build_identity_provider
        builders[AdapterKind.ACCESS_REVOKER] = auth.build_access_revoker
    try:
        return builders[kind]
    except KeyError:
        raise NotImplementedError(kind) from None
