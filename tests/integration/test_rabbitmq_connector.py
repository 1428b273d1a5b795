"""RabbitMqConnector against the real broker (TEST_RABBITMQ_URL): it connects
on first use, keeps one channel, opens a new one after close or after the
network lost the connection, and lets the driver's error through when the
broker cannot be reached."""

from uuid import uuid4

import pytest
from aio_pika.exceptions import AMQPConnectionError

from app.infrastructure.rabbitmq_connector import RabbitMqConfig, RabbitMqConnector
from tests.support.backing_services import (
    RABBITMQ_URL,
    UNREACHABLE_RABBITMQ_URL,
    rabbitmq_or_skip,
    rabbitmq_proxy,
    rabbitmq_url_through,
)
from tests.support.polling import eventually


async def test_one_exchange_is_declared_and_reused_until_close() -> None:
    name = f"connector-test-{uuid4().hex}"
    async with rabbitmq_or_skip() as connection:
        connector = RabbitMqConnector(RabbitMqConfig(url=RABBITMQ_URL, exchange=name))
        try:
            first = await connector.exchange()
            assert first.name == name
            assert await connector.exchange() is first

            await connector.close()
            again = await connector.exchange()

            assert again is not first
            assert again.name == name
        finally:
            await connector.close()
            channel = await connection.channel()
            await channel.exchange_delete(name)


async def test_an_unreachable_broker_raises_the_driver_error_each_time() -> None:
    connector = RabbitMqConnector(
        RabbitMqConfig(url=UNREACHABLE_RABBITMQ_URL, timeout_seconds=1)
    )
    for _ in range(2):
        with pytest.raises(AMQPConnectionError):
            await connector.exchange()
    await connector.close()


async def test_a_connection_the_network_lost_is_opened_again() -> None:
    name = f"connector-test-{uuid4().hex}"
    proxy = rabbitmq_proxy()
    await proxy.start()
    connector = RabbitMqConnector(
        RabbitMqConfig(
            url=rabbitmq_url_through(proxy), exchange=name, timeout_seconds=1
        )
    )
    async with rabbitmq_or_skip() as connection:
        try:
            first = await connector.exchange()

            await proxy.cut()
            # The client learns of the loss from its socket, a moment later.
            await eventually(lambda: first.channel.is_closed)
            with pytest.raises(AMQPConnectionError):
                await connector.exchange()
            await proxy.start()
            again = await connector.exchange()

            assert again.name == name
        finally:
            await connector.close()
            await proxy.cut()
            channel = await connection.channel()
            await channel.exchange_delete(name)
