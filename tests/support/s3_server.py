"""A real S3-compatible server for the tests of S3 storages: moto's, in a
thread of the test process, on a free loopback port. The storages reach it
over HTTP through their real client, as they would reach S3; each test gets
a bucket of its own, deleted after it."""

import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, replace
from typing import Any
from uuid import uuid4

from app.infrastructure.s3_connector import S3Connector
from app.infrastructure.s3_storage_config import S3StorageConfig
from tests.support.services import service_unavailable

# moto accepts any credentials; giving some keeps botocore from looking for
# them elsewhere (an instance role, over the network).
ACCESS_KEY_ID = "test-access-key"
SECRET_ACCESS_KEY = "test-secret-key"
REGION = "us-east-1"
# Nothing listens on port 1: connecting is refused at once.
UNREACHABLE_ENDPOINT_URL = "http://127.0.0.1:1"


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str

    def config(self, bucket: str | None, **changes: Any) -> S3StorageConfig:
        """How to reach ``bucket`` on this server; ``changes`` replace fields."""
        config = S3StorageConfig(
            bucket=bucket,
            endpoint_url=self.endpoint_url,
            region=REGION,
            access_key_id=ACCESS_KEY_ID,
            secret_access_key=SECRET_ACCESS_KEY,
            connect_timeout_seconds=2.0,
            read_timeout_seconds=5.0,
            max_attempts=1,
        )
        return replace(config, **changes)


@contextmanager
def running_s3_server() -> Iterator[S3Server]:
    """moto's server on 127.0.0.1, stopped on leaving; skips (or fails under
    REQUIRE_SERVICES=1) when it cannot run."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:
        service_unavailable(f"moto's S3 server is not installed: {error}")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        try:
            socket.create_connection((host, port), timeout=2.0).close()
        except OSError as error:
            service_unavailable(f"moto's S3 server does not answer: {error}")
        yield S3Server(f"http://{host}:{port}")
    finally:
        server.stop()


@asynccontextmanager
async def s3_bucket(server: S3Server, prefix: str = "") -> AsyncIterator[S3Connector]:
    """A connector to a new, empty bucket on the server; the bucket and what
    is in it are deleted on leaving."""
    connector = S3Connector(server.config(f"test-{uuid4().hex}", prefix=prefix))
    client = await connector.client()
    bucket = connector.bucket()
    await client.create_bucket(Bucket=bucket)
    try:
        yield connector
    finally:
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        async for page in pages:
            for stored in page.get("Contents", []):
                await client.delete_object(Bucket=bucket, Key=stored["Key"])
        await client.delete_bucket(Bucket=bucket)
        await connector.close()
