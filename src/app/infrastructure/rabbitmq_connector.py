"""The RabbitMQ connection the message publishers share, opened when first
needed: the app starts while the broker is down, and only a publish made
then fails."""

import asyncio
import contextlib
from dataclasses import dataclass, field

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractExchange
from aio_pika.connection import make_url
from aio_pika.exceptions import AMQPException


@dataclass(frozen=True, slots=True)
class RabbitMqConfig:
    # amqp://user:password@host:port/vhost; kept out of repr (the password).
    url: str = field(repr=False)
    # The durable topic exchange messages are published to; a message's
    # topic is its routing key.
    exchange: str = "events"
    # How long to wait to connect, and for the broker to confirm a message.
    timeout_seconds: float = 5.0


class RabbitMqConnector:
    """One connection and one channel (with publisher confirms) to RabbitMQ.

    Nothing connects until the first ``exchange()``. A connection or channel
    closed since (a broker restart) is opened again by the next call, so a
    failure lasts as long as the broker is away. Driver errors propagate:
    the adapters wrap them. ``close()`` runs at shutdown.
    """

    def __init__(self, config: RabbitMqConfig) -> None:
        self._config = config
        self._lock = asyncio.Lock()
        self._connection: AbstractConnection | None = None
        self._channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None

    @property
    def config(self) -> RabbitMqConfig:
        return self._config

    async def exchange(self) -> AbstractExchange:
        """The exchange to publish to, on an open channel: declared (durable,
        type topic) once per channel."""
        async with self._lock:
            channel = self._channel
            if self._exchange is None or channel is None or channel.is_closed:
                channel = await self._open_channel()
                self._exchange = await declare_exchange(channel, self._config)
            return self._exchange

    async def close(self) -> None:
        async with self._lock:
            connection = self._connection
            self._connection = self._channel = self._exchange = None
            if connection is not None and not connection.is_closed:
                await connection.close()

    async def _open_channel(self) -> AbstractChannel:
        self._exchange = None
        if self._connection is None or not _usable(self._connection):
            lost, self._connection = self._connection, None
            if lost is not None:
                with contextlib.suppress(*_CLOSE_ERRORS):
                    await lost.close()
            self._connection = await open_connection(self._config)
        self._channel = await self._connection.channel(publisher_confirms=True)
        return self._channel


async def declare_exchange(
    channel: AbstractChannel, config: RabbitMqConfig
) -> AbstractExchange:
    """The exchange of ``config``: a durable topic exchange. Publishers and
    consumers each declare it, so either may start first."""
    return await channel.declare_exchange(
        config.exchange, aio_pika.ExchangeType.TOPIC, durable=True
    )


async def open_connection(config: RabbitMqConfig) -> AbstractConnection:
    """A connection to the broker; driver errors propagate. A connection
    that failed to open is closed here: left to the garbage collector,
    aio-pika would schedule its close from __del__, never awaited."""
    connection = aio_pika.Connection(make_url(config.url))
    try:
        await connection.connect(timeout=config.timeout_seconds)
    except BaseException:
        with contextlib.suppress(*_CLOSE_ERRORS):
            await connection.close()
        raise
    return connection


# What closing a connection the network already lost may raise.
_CLOSE_ERRORS = (AMQPException, OSError, RuntimeError, TimeoutError)


def _usable(connection: AbstractConnection) -> bool:
    # A connection the network dropped is not "closed" (is_closed tells only
    # of close()), but it is no longer connected; opening a channel on it
    # would raise RuntimeError until the process restarts.
    return not connection.is_closed and connection.connected.is_set()
