"""The S3 client the S3 storages share, created when first needed: the app
starts while S3 is down (or not configured), and only a storage call made
then fails."""

import asyncio
from contextlib import AsyncExitStack
from functools import cache
from typing import TYPE_CHECKING

import aiohttp
from botocore.exceptions import BotoCoreError, ClientError

from app.infrastructure.exceptions import StorageError
from app.infrastructure.s3_storage_config import BUCKET_URL_SETTING, S3StorageConfig

if TYPE_CHECKING:
    # Types only (types-aiobotocore); the client is aiobotocore's own class.
    from aiobotocore.session import AioSession, ClientCreatorContext
    from types_aiobotocore_s3 import S3Client

S3_FAILURES = (BotoCoreError, ClientError, aiohttp.ClientError, TimeoutError)
"""What an S3 call fails with when the service does: botocore's errors
(unreachable, timed out, an error answer) and those of reading a body."""

# Error codes of an object that is not there: NoSuchKey answers a GET, a bare
# 404 a HEAD (which has no body to name the error).
MISSING_OBJECT_CODES = frozenset({"NoSuchKey", "404", "NotFound"})


def is_missing_object(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") in MISSING_OBJECT_CODES


class S3Connector:
    """One aiobotocore S3 client for every S3 storage of the app.

    Nothing is created until the first ``client()``; creating it does no I/O
    when credentials are configured (the default chain may look for them).
    An S3-compatible server (``endpoint_url``) is addressed by path
    (http://host/bucket/key), as such servers expect. Driver errors
    propagate: the adapters wrap them. ``close()`` runs at shutdown.
    """

    def __init__(self, config: S3StorageConfig) -> None:
        self._config = config
        self._lock = asyncio.Lock()
        self._exit_stack: AsyncExitStack | None = None
        self._client: S3Client | None = None

    @property
    def config(self) -> S3StorageConfig:
        return self._config

    def bucket(self) -> str:
        """The bucket's name; StorageError when S3_BUCKET_URL is not set."""
        if self._config.bucket is None:
            raise StorageError(f"{BUCKET_URL_SETTING} is not set")
        return self._config.bucket

    async def client(self) -> "S3Client":
        async with self._lock:
            if self._client is None:
                exit_stack = AsyncExitStack()
                self._client = await exit_stack.enter_async_context(
                    self._create_client()
                )
                self._exit_stack = exit_stack
            return self._client

    async def close(self) -> None:
        async with self._lock:
            exit_stack, self._exit_stack, self._client = self._exit_stack, None, None
            if exit_stack is not None:
                await exit_stack.aclose()

    def _create_client(self) -> "ClientCreatorContext[S3Client]":
        # Imported here, as the session below: aiobotocore takes about a
        # tenth of the app's import time, and most processes that import the
        # app (the checks, the worker, a service without S3) never use it.
        from aiobotocore.config import AioConfig

        config = self._config
        return _session().create_client(
            "s3",
            region_name=config.region,
            endpoint_url=config.endpoint_url,
            aws_access_key_id=config.access_key_id,
            aws_secret_access_key=config.secret_access_key,
            config=AioConfig(
                connect_timeout=config.connect_timeout_seconds,
                read_timeout=config.read_timeout_seconds,
                retries={"max_attempts": config.max_attempts, "mode": "standard"},
                s3={"addressing_style": "path" if config.endpoint_url else "auto"},
            ),
        )


@cache
def _session() -> "AioSession":
    # One for the process: it keeps the S3 service model clients are made
    # from, which takes longer to load than the client takes to make.
    from aiobotocore.session import get_session

    return get_session()
