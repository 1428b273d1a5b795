"""File storages: a port of save/load/delete/exists by key, an adapter on
the local filesystem (writing atomically, the default) or on S3 (an object
per key, `--technology s3`), and an in-memory twin."""

from dataclasses import replace

from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.kinds.shared.fixed_port import (
    FixedMethod,
    FixedPortKind,
    build_fixed_port_adapter,
    choose_technology,
)
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.specification.vocabulary import Kind

FILE_STORAGE = FixedPortKind(
    spec_kind=Kind.FILE_STORAGE,
    noun="file storage",
    default_port="app.application.ports.file_storage.FileStorage",
    methods=(
        FixedMethod("save", "key: str, content: bytes, content_type: str", "None"),
        FixedMethod("load", "key: str", "bytes"),
        FixedMethod("delete", "key: str", "None"),
        FixedMethod("exists", "key: str", "bool"),
    ),
    template="file_storage",
    adapter_template="local_file_storage",
    technology="local filesystem",
    technology_id="local",
    adapter_prefix="LocalFile",
    purpose="Stores files (bytes) under keys.",
    port_doc=lambda purpose: (
        f"{purpose}\n\n"
        "A key is a relative path of plain parts, such as invoices/2026/0001.pdf. "
        "Every method checks it with check_storage_key "
        "(app.application.common.storage_keys) and raises StorageKeyError "
        "(app.application.exceptions) for an empty or absolute key, or one with "
        "a '..' part. Implementations raise StorageError when the storage "
        "fails."
    ),
    summary=lambda port: (
        f"{port} on the local filesystem: a file per key under "
        "FILE_STORAGE_ROOT, written atomically."
    ),
    class_doc=lambda name, port: (
        f"{port} on the local filesystem, under the root of "
        "LocalFileStorageConfig (FILE_STORAGE_ROOT).\n\n"
        "A key is the file's path under the root. A save writes a temporary "
        "file next to the target, then renames it over the target (os.replace): "
        "a reader gets the old or the new content, never a part, and a failed "
        "save leaves the old file. Blocking I/O runs on a worker thread. OS "
        "errors raise StorageError with the error as its cause; among them, "
        "saving a key that is the folder of another key's file (a and a/b). "
        "content_type is not kept."
    ),
    in_memory_doc=lambda port: (
        f"{port} in a dict: files holds what was saved, content type included. "
        "Keys are checked as by every implementation."
    ),
    note=lambda name: (
        f"{name} keeps files under FILE_STORAGE_ROOT (default var/files, "
        "created on the first save)"
    ),
)


S3_FILE_STORAGE = replace(
    FILE_STORAGE,
    adapter_template="s3_file_storage",
    technology="S3",
    technology_id="s3",
    adapter_prefix="S3",
    summary=lambda port: (
        f"{port} on S3 or an S3-compatible server: an object per key in the "
        "bucket of S3_BUCKET_URL."
    ),
    class_doc=lambda name, port: (
        f"{port} on S3 or an S3-compatible server, through the shared "
        "S3Connector (S3_BUCKET_URL and the other S3_ settings).\n\n"
        "A key is the object's name under the bucket URL's prefix, and "
        "content_type is kept as the object's ContentType. A save is one PUT: "
        "S3 replaces an object whole, so a reader gets the old or the new "
        "content. A missing object is FileNotFoundInStorageError on load and "
        "False on exists. Every S3 failure (unreachable, a timeout, an error "
        "answer, no bucket configured) raises StorageError with the client's "
        "error as its cause."
    ),
    note=lambda name: (
        f"{name} uses the shared S3Connector (S3_BUCKET_URL, and "
        "S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY as "
        "needed; see README), which creates its client on first use; its tests "
        "use moto's S3-compatible server on loopback (tests/support/s3_server.py)"
    ),
    bound_when_set="S3_BUCKET_URL",
)


def build_file_storage(request: AdapterRequest, batch: Batch) -> Addition:
    return build_fixed_port_adapter(
        request, batch, choose_technology(request, (FILE_STORAGE, S3_FILE_STORAGE))
    )
