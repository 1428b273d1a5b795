"""Redis and RabbitMQ for the tests of scaffolded adapters (caches, message
publishers): where they are, and a client that skips the test (or fails it
under REQUIRE_SERVICES=1) when the service is down."""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import aio_pika
from aio_pika.abc import AbstractConnection
from aio_pika.exceptions import AMQPException
from redis.asyncio import Redis
from redis.exceptions import RedisError

from tests.support.services import service_unavailable
from tests.support.tcp_proxy import TcpProxy
from tests.support.workers import worker_redis_url

# A Redis database of the worker's own (tests/support/workers.py).
REDIS_URL = worker_redis_url(
    os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
)
RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
# Nothing listens on port 1: connecting is refused at once.
UNREACHABLE_REDIS_URL = "redis://127.0.0.1:1/0"
UNREACHABLE_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:1/"
CONNECT_TIMEOUT_SECONDS = 2.0


@asynccontextmanager
async def redis_or_skip() -> AsyncIterator[Redis]:
    """A client of the Redis at TEST_REDIS_URL that has answered a PING."""
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        await client.ping()
    except (RedisError, OSError) as error:
        await client.aclose()
        service_unavailable(f"Redis unreachable at TEST_REDIS_URL: {error}")
    try:
        yield client
    finally:
        await client.aclose()


@asynccontextmanager
async def rabbitmq_or_skip() -> AsyncIterator[AbstractConnection]:
    """A connection to the RabbitMQ at TEST_RABBITMQ_URL."""
    try:
        connection = await aio_pika.connect(
            RABBITMQ_URL, timeout=CONNECT_TIMEOUT_SECONDS
        )
    except (AMQPException, OSError, TimeoutError) as error:
        service_unavailable(f"RabbitMQ unreachable at TEST_RABBITMQ_URL: {error}")
    try:
        yield connection
    finally:
        await connection.close()


async def queue_exists(connection: AbstractConnection, name: str) -> bool:
    """Whether the broker has the queue (a passive declare, on a channel of
    its own: a missing queue closes the channel)."""
    channel = await connection.channel()
    try:
        await channel.declare_queue(name, passive=True)
    except AMQPException:
        return False
    finally:
        if not channel.is_closed:
            await channel.close()
    return True


def rabbitmq_proxy() -> TcpProxy:
    """A proxy (to start) in front of the RabbitMQ at TEST_RABBITMQ_URL, for
    a test to cut and restore."""
    url = urlsplit(RABBITMQ_URL)
    return TcpProxy(url.hostname or "127.0.0.1", url.port or 5672)


def rabbitmq_url_through(proxy: TcpProxy) -> str:
    """TEST_RABBITMQ_URL, with the started proxy's address."""
    url = urlsplit(RABBITMQ_URL)
    credentials = url.netloc.rpartition("@")[0]
    return url._replace(netloc=f"{credentials}@127.0.0.1:{proxy.port}").geturl()
