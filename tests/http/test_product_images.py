"""PUT and GET /api/v1/products/{id}/image, on both databases, with the
files in the test's own FILE_STORAGE_ROOT."""

from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from setup.config import Settings
from tests.http.conftest import assert_problem
from tests.http.test_products import PRODUCTS, create
from tests.support.images import GIF, JPEG, PNG, WEBP, sha256

# Small, so the limit is easy to pass.
MAX_BYTES = 1024
UNSUPPORTED = "unsupported_product_image_type"
MISMATCH = "product_image_content_mismatch"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Images may be larger than other request bodies (MAX_REQUEST_BODY_BYTES).
    return settings.model_copy(
        update={
            "product_image_max_bytes": MAX_BYTES,
            "max_request_body_bytes": MAX_BYTES // 2,
        }
    )


def image_url(product_id: str) -> str:
    return f"{PRODUCTS}/{product_id}/image"


def stored_files(settings: Settings) -> set[str]:
    root = settings.file_storage_root
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


async def put_image(
    client: AsyncClient, product_id: str, content: bytes, content_type: str
) -> None:
    response = await client.put(
        image_url(product_id), content=content, headers={"Content-Type": content_type}
    )
    assert response.status_code == 204, response.text


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")],
)
async def test_admin_uploads_and_anyone_downloads(
    admin: AsyncClient,
    client: AsyncClient,
    settings: Settings,
    content: bytes,
    content_type: str,
) -> None:
    product_id = await create(admin)

    await put_image(admin, product_id, content, content_type)
    response = await client.get(image_url(product_id))

    assert response.status_code == 200
    assert response.content == content
    assert response.headers["content-type"] == content_type
    assert response.headers["content-length"] == str(len(content))
    assert response.headers["etag"] == f'"{sha256(content)}"'
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-content-type-options"] == "nosniff"
    extension = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
    assert stored_files(settings) == {
        f"products/{product_id}/image-{sha256(content)}.{extension[content_type]}"
    }


@pytest.mark.parametrize(
    "if_none_match",
    ['"{etag}"', 'W/"{etag}"', '"other", "{etag}"', "*"],
)
async def test_a_known_etag_is_answered_304(
    admin: AsyncClient, client: AsyncClient, if_none_match: str
) -> None:
    product_id = await create(admin)
    await put_image(admin, product_id, PNG, "image/png")

    response = await client.get(
        image_url(product_id),
        headers={"If-None-Match": if_none_match.format(etag=sha256(PNG))},
    )

    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == f'"{sha256(PNG)}"'


async def test_another_etag_gets_the_image(
    admin: AsyncClient, client: AsyncClient
) -> None:
    product_id = await create(admin)
    await put_image(admin, product_id, PNG, "image/png")

    response = await client.get(
        image_url(product_id), headers={"If-None-Match": f'"{sha256(JPEG)}"'}
    )

    assert response.status_code == 200
    assert response.content == PNG


async def test_a_new_image_replaces_the_old_one(
    admin: AsyncClient, client: AsyncClient, settings: Settings
) -> None:
    product_id = await create(admin)
    await put_image(admin, product_id, PNG, "image/png")

    await put_image(admin, product_id, JPEG, "image/jpeg")
    response = await client.get(image_url(product_id))

    assert response.content == JPEG
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["etag"] == f'"{sha256(JPEG)}"'
    assert stored_files(settings) == {f"products/{product_id}/image-{sha256(JPEG)}.jpg"}


async def test_only_admins_upload(
    admin: AsyncClient, user: AsyncClient, client: AsyncClient, settings: Settings
) -> None:
    product_id = await create(admin)
    headers = {"Content-Type": "image/png"}

    anonymous = await client.put(image_url(product_id), content=PNG, headers=headers)
    not_admin = await user.put(image_url(product_id), content=PNG, headers=headers)

    assert_problem(anonymous, 401, "not_authenticated")
    assert_problem(not_admin, 403, "forbidden")
    assert_problem(
        await client.get(image_url(product_id)), 404, "product_image_not_found"
    )
    assert stored_files(settings) == set()


async def test_an_upload_declared_too_large_is_refused(
    admin: AsyncClient, settings: Settings
) -> None:
    product_id = await create(admin)

    response = await admin.put(
        image_url(product_id),
        content=PNG + bytes(MAX_BYTES),
        headers={"Content-Type": "image/png"},
    )

    body = assert_problem(response, 413, "product_image_too_large")
    assert str(MAX_BYTES) in body["detail"]
    assert stored_files(settings) == set()


async def test_a_streamed_upload_is_read_only_up_to_the_limit(
    admin: AsyncClient, settings: Settings
) -> None:
    product_id = await create(admin)
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:
        # No Content-Length: sent chunked, 100 KiB in all if read to the end.
        nonlocal sent
        for chunk in [PNG, *[bytes(1024)] * 100]:
            sent += len(chunk)
            yield chunk

    response = await admin.put(
        image_url(product_id), content=chunks(), headers={"Content-Type": "image/png"}
    )

    assert_problem(response, 413, "product_image_too_large")
    assert sent <= len(PNG) + 2 * 1024
    assert stored_files(settings) == set()


async def test_an_image_of_exactly_the_limit_is_accepted(
    admin: AsyncClient, client: AsyncClient
) -> None:
    product_id = await create(admin)
    content = PNG + bytes(MAX_BYTES - len(PNG))

    await put_image(admin, product_id, content, "image/png")

    assert (await client.get(image_url(product_id))).content == content


@pytest.mark.parametrize(
    ("content", "headers", "code"),
    [
        (GIF, {"Content-Type": "image/gif"}, UNSUPPORTED),
        (b"<svg/>", {"Content-Type": "image/svg+xml"}, UNSUPPORTED),
        (PNG, {"Content-Type": "text/plain"}, UNSUPPORTED),
        (PNG, {}, UNSUPPORTED),
        (JPEG, {"Content-Type": "image/png"}, MISMATCH),
        (b"<html></html>", {"Content-Type": "image/png"}, MISMATCH),
    ],
    ids=["gif", "svg", "text", "no-type", "jpeg-as-png", "html-as-png"],
)
async def test_other_types_are_unsupported(
    admin: AsyncClient,
    settings: Settings,
    content: bytes,
    headers: dict[str, str],
    code: str,
) -> None:
    product_id = await create(admin)

    response = await admin.put(image_url(product_id), content=content, headers=headers)

    assert_problem(response, 415, code)
    assert stored_files(settings) == set()


async def test_an_empty_image_is_invalid(admin: AsyncClient) -> None:
    product_id = await create(admin)

    response = await admin.put(
        image_url(product_id), content=b"", headers={"Content-Type": "image/png"}
    )

    body = assert_problem(response, 422, "validation_error")
    assert body["errors"][0]["loc"] == ["image"]


async def test_a_product_id_that_is_not_a_uuid_is_invalid(
    admin: AsyncClient, client: AsyncClient
) -> None:
    put = await admin.put(
        image_url("not-a-uuid"), content=PNG, headers={"Content-Type": "image/png"}
    )

    assert_problem(put, 422, "validation_error")
    assert_problem(await client.get(image_url("not-a-uuid")), 422, "validation_error")


async def test_missing_products_and_images_are_not_found(
    admin: AsyncClient, client: AsyncClient
) -> None:
    product_id = await create(admin)
    missing = str(uuid4())

    put = await admin.put(
        image_url(missing), content=PNG, headers={"Content-Type": "image/png"}
    )

    assert_problem(put, 404, "product_not_found")
    assert_problem(await client.get(image_url(missing)), 404, "product_not_found")
    assert_problem(
        await client.get(image_url(product_id)), 404, "product_image_not_found"
    )


async def test_deleting_a_product_deletes_its_image(
    admin: AsyncClient, client: AsyncClient, settings: Settings
) -> None:
    product_id = await create(admin)
    await put_image(admin, product_id, PNG, "image/png")

    assert (await admin.delete(f"{PRODUCTS}/{product_id}")).status_code == 204

    assert_problem(await client.get(image_url(product_id)), 404, "product_not_found")
    assert stored_files(settings) == set()


@pytest.fixture
def broken_storage(settings: Settings) -> Path:
    """A regular file where the storage's root folder should be."""
    root = settings.file_storage_root
    root.write_bytes(b"")
    return root


async def test_a_failing_storage_is_a_503_and_changes_nothing(
    admin: AsyncClient, client: AsyncClient, broken_storage: Path
) -> None:
    product_id = await create(admin)

    response = await admin.put(
        image_url(product_id), content=PNG, headers={"Content-Type": "image/png"}
    )

    assert_problem(response, 503, "file_storage_unavailable")
    assert response.headers["retry-after"] == "5"
    assert str(broken_storage) not in response.text
    assert_problem(
        await client.get(image_url(product_id)), 404, "product_image_not_found"
    )


def test_openapi_documents_the_image_bodies(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    put = paths["/api/v1/products/{product_id}/image"]["put"]
    get = paths["/api/v1/products/{product_id}/image"]["get"]

    types = ["image/png", "image/jpeg", "image/webp"]
    assert list(put["requestBody"]["content"]) == types
    assert list(get["responses"]["200"]["content"]) == types
    assert {"401", "403", "404", "413", "415", "422", "503"} <= set(put["responses"])
    assert {"304", "404", "422", "503"} <= set(get["responses"])


async def test_an_image_larger_than_the_request_body_limit_is_accepted(
    admin: AsyncClient, client: AsyncClient, settings: Settings
) -> None:
    # The upload's limit is PRODUCT_IMAGE_MAX_BYTES, not MAX_REQUEST_BODY_BYTES.
    content = PNG + bytes(MAX_BYTES - len(PNG))
    assert settings.max_request_body_bytes < len(content)
    product_id = await create(admin)

    await put_image(admin, product_id, content, "image/png")

    assert (await client.get(image_url(product_id))).content == content
