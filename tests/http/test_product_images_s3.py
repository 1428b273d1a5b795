"""Product images in S3: with S3_BUCKET_URL set, the app binds
S3ProductImageStorage, uploads go to the bucket (on moto's S3-compatible
server on loopback, over HTTP) as objects with the image's type, and
downloads come from there. With S3 unreachable the app still starts, and
only the image routes answer 503. On both databases."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from app.application.ports.product_image_storage import ProductImageStorage
from app.infrastructure.adapters.s3_product_image_storage import S3ProductImageStorage
from app.infrastructure.s3_connector import S3Connector
from setup.config import Settings
from tests.http.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, assert_problem
from tests.http.test_product_images import image_url, put_image
from tests.http.test_products import PRODUCTS, create
from tests.support.images import JPEG, PNG, sha256
from tests.support.s3_server import (
    ACCESS_KEY_ID,
    SECRET_ACCESS_KEY,
    UNREACHABLE_ENDPOINT_URL,
    S3Server,
    s3_bucket,
)
from tests.support.settings import settings_for

PREFIX = "shop"


@pytest.fixture
async def bucket(s3_server: S3Server) -> AsyncIterator[S3Connector]:
    """The test's bucket, seen through a client of its own."""
    async with s3_bucket(s3_server) as connector:
        yield connector


def s3_settings(database_url: str, tmp_path: Path, bucket_url: str) -> Settings:
    return settings_for(
        database_url,
        initial_admin_email=ADMIN_EMAIL,
        initial_admin_password=ADMIN_PASSWORD,
        file_storage_root=tmp_path / "files",
        s3_bucket_url=bucket_url,
        s3_access_key_id=ACCESS_KEY_ID,
        s3_secret_access_key=SECRET_ACCESS_KEY,
        s3_max_attempts=1,
    )


@pytest.fixture
def settings(
    database_url: str, tmp_path: Path, s3_server: S3Server, bucket: S3Connector
) -> Settings:
    bucket_url = f"{s3_server.endpoint_url}/{bucket.bucket()}/{PREFIX}"
    return s3_settings(database_url, tmp_path, bucket_url)


async def stored_objects(bucket: S3Connector) -> dict[str, dict[str, Any]]:
    """Each object in the bucket by name, with its content type and body."""
    client = await bucket.client()
    listed = await client.list_objects_v2(Bucket=bucket.bucket())
    objects = {}
    for stored in listed.get("Contents", []):
        response = await client.get_object(Bucket=bucket.bucket(), Key=stored["Key"])
        async with response["Body"] as body:
            content = await body.read()
        objects[stored["Key"]] = {
            "content_type": response["ContentType"],
            "content": content,
        }
    return objects


async def test_the_s3_storage_is_bound(app: FastAPI) -> None:
    storage = await app.state.dishka_container.get(ProductImageStorage)

    assert isinstance(storage, S3ProductImageStorage)


async def test_an_image_goes_to_the_bucket_and_downloads_from_it(
    admin: AsyncClient,
    client: AsyncClient,
    bucket: S3Connector,
    settings: Settings,
) -> None:
    product_id = await create(admin)

    await put_image(admin, product_id, PNG, "image/png")
    response = await client.get(image_url(product_id))

    assert response.status_code == 200
    assert response.content == PNG
    assert response.headers["content-type"] == "image/png"
    assert response.headers["etag"] == f'"{sha256(PNG)}"'
    key = f"{PREFIX}/products/{product_id}/image-{sha256(PNG)}.png"
    assert await stored_objects(bucket) == {
        key: {"content_type": "image/png", "content": PNG}
    }
    assert not settings.file_storage_root.exists()


async def test_a_new_image_replaces_the_old_object_and_deleting_removes_it(
    admin: AsyncClient, client: AsyncClient, bucket: S3Connector
) -> None:
    product_id = await create(admin)
    await put_image(admin, product_id, PNG, "image/png")

    await put_image(admin, product_id, JPEG, "image/jpeg")

    assert (await client.get(image_url(product_id))).content == JPEG
    assert list(await stored_objects(bucket)) == [
        f"{PREFIX}/products/{product_id}/image-{sha256(JPEG)}.jpg"
    ]
    assert (await admin.delete(f"{PRODUCTS}/{product_id}")).status_code == 204
    assert await stored_objects(bucket) == {}


class TestS3Unreachable:
    @pytest.fixture
    def settings(self, database_url: str, tmp_path: Path) -> Settings:
        return s3_settings(database_url, tmp_path, f"{UNREACHABLE_ENDPOINT_URL}/images")

    async def test_the_app_starts_and_only_images_answer_503(
        self, admin: AsyncClient, client: AsyncClient
    ) -> None:
        product_id = await create(admin)

        response = await admin.put(
            image_url(product_id), content=PNG, headers={"Content-Type": "image/png"}
        )

        assert_problem(response, 503, "file_storage_unavailable")
        assert UNREACHABLE_ENDPOINT_URL not in response.text
        assert (await client.get(f"{PRODUCTS}/{product_id}")).status_code == 200
