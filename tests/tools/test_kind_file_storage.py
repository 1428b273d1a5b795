"""The file-storage builder: local and S3 adapters, and an S3 storage joining a
local one of the same port.

Builder level: called directly (no CLI, no staging) on a copy of a service
made from the base. The end-to-end runs (the command line on a copy of the
repository, its gates and tests) are in tests/scaffolding."""

from pathlib import Path
from typing import Any

import pytest

from add_adapter.scaffold.builders import builder_for
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.request import AdapterKind, AdapterRequest

from .kind_support import assert_compiles, expected_paths, fixed_port_request, texts
from .scaffold_support import new_batch, write_addition
from .tool_runner import edit_spec


def test_the_local_file_storage_writes_atomically_off_the_event_loop(
    repo: Path,
) -> None:
    files = texts(
        builder_for(AdapterKind.FILE_STORAGE)(
            fixed_port_request(AdapterKind.FILE_STORAGE), new_batch(repo)
        )
    )

    code = files["src/app/infrastructure/adapters/local_file_storage.py"]
    assert "def __init__(self, config: LocalFileStorageConfig) -> None:" in code
    assert "os.replace(temporary, path)" in code
    assert "await asyncio.to_thread(_write_atomically, path, content)" in code
    assert "raise FileNotFoundInStorageError(key) from None" in code
    assert "check_storage_key(key)" in code
    test = files["tests/integration/adapters/test_local_file_storage.py"]
    assert "test_a_root_that_is_not_a_writable_directory_raises_storage_error" in test


def test_the_s3_file_storage_keeps_content_types_and_wraps_client_errors(
    repo: Path,
) -> None:
    request = fixed_port_request(
        AdapterKind.FILE_STORAGE, class_name="S3FileStorage", technology="s3"
    )

    addition = builder_for(AdapterKind.FILE_STORAGE)(request, new_batch(repo))

    files = texts(addition)
    assert sorted(files) == expected_paths(
        repo,
        [
            "src/app/application/ports/file_storage.py",
            "src/app/infrastructure/adapters/s3_file_storage.py",
            "tests/support/doubles/__init__.py",
            "tests/support/doubles/in_memory_file_storage.py",
            "tests/contracts/test_file_storage.py",
            "tests/integration/adapters/__init__.py",
            "tests/integration/adapters/test_s3_file_storage.py",
        ],
    )
    assert_compiles(addition)
    code = files["src/app/infrastructure/adapters/s3_file_storage.py"]
    assert "class S3FileStorage(FileStorage):" in code
    assert "def __init__(self, s3: S3Connector) -> None:" in code
    assert "Body=content, ContentType=content_type" in code
    assert "raise FileNotFoundInStorageError(key) from None" in code
    # save and delete wrap once; load and exists tell a missing object apart.
    assert code.count("raise StorageError from err") == 6
    assert "check_storage_key(key)" in code
    contract = files["tests/contracts/test_file_storage.py"]
    assert '@pytest.fixture(params=["s3", "in_memory"])' in contract
    assert "async with s3_bucket(s3_server) as s3:" in contract
    assert "LocalFileStorageConfig" not in contract
    test = files["tests/integration/adapters/test_s3_file_storage.py"]
    assert "UNREACHABLE_ENDPOINT_URL" in test
    assert 'stored["ContentType"] == PDF' in test
    [component] = addition.components
    assert component.when == ()
    assert component.description.startswith("FileStorage on S3")


STORAGE_PORT = "app.application.ports.document_storage.DocumentStorage"


def local_document_storage(repo: Path, when: dict[str, object] | None) -> None:
    """LocalFileDocumentStorage as `file-storage` writes it, the port's only
    adapter, bound on `when` (always for None)."""
    request = fixed_port_request(
        AdapterKind.FILE_STORAGE,
        class_name="LocalFileDocumentStorage",
        origin="",
        port=STORAGE_PORT,
    )
    write_addition(
        repo, builder_for(AdapterKind.FILE_STORAGE)(request, new_batch(repo))
    )
    if when is not None:

        def bind_on_when(components: list[dict[str, Any]]) -> None:
            [local] = (c for c in components if c.get("implements") == STORAGE_PORT)
            local["when"] = when

        edit_spec(repo, bind_on_when)


def s3_document_storage_request() -> AdapterRequest:
    return fixed_port_request(
        AdapterKind.FILE_STORAGE,
        class_name="S3DocumentStorage",
        origin="",
        port=STORAGE_PORT,
        technology="s3",
    )


def test_an_s3_storage_joins_a_conditional_local_one_where_the_bucket_is_set(
    repo: Path,
) -> None:
    local_document_storage(repo, {"setting": "S3_BUCKET_URL", "set": False})

    addition = builder_for(AdapterKind.FILE_STORAGE)(
        s3_document_storage_request(), new_batch(repo)
    )

    # The port, its twin and its contract test stay the local adapter's.
    assert sorted(texts(addition)) == [
        "src/app/infrastructure/adapters/s3_document_storage.py",
        "tests/integration/adapters/test_s3_document_storage.py",
    ]
    [component] = addition.components
    assert component.implements == (STORAGE_PORT,)
    assert component.condition_text == "S3_BUCKET_URL set"
    assert (
        "DocumentStorage is also implemented by LocalFileDocumentStorage"
        in (addition.notes[-1])
    )
    assert "tests/contracts/test_document_storage.py" in addition.notes[-1]


def test_an_s3_storage_does_not_join_an_adapter_bound_always(repo: Path) -> None:
    local_document_storage(repo, None)

    with pytest.raises(ScaffoldError) as raised:
        builder_for(AdapterKind.FILE_STORAGE)(
            s3_document_storage_request(), new_batch(repo)
        )

    assert raised.value.where == "implements"
    assert raised.value.message == (
        f"{STORAGE_PORT} is bound to LocalFileDocumentStorage always; "
        "S3DocumentStorage would be bound where S3_BUCKET_URL is set: first "
        'give LocalFileDocumentStorage "when": {"setting": "S3_BUCKET_URL", '
        '"set": false} in setup/spec.json'
    )


def test_a_local_storage_does_not_join_another_adapter_of_the_port(
    repo: Path,
) -> None:
    local_document_storage(repo, {"setting": "S3_BUCKET_URL", "set": False})
    request = fixed_port_request(
        AdapterKind.FILE_STORAGE,
        class_name="LocalFileOtherDocumentStorage",
        port=STORAGE_PORT,
    )

    with pytest.raises(ScaffoldError) as raised:
        builder_for(AdapterKind.FILE_STORAGE)(request, new_batch(repo))

    assert "is already implemented by LocalFileDocumentStorage" in (
        raised.value.message
    )
