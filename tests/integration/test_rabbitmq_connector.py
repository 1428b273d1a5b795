"""RabbitMqConnector against the real broker (TEST_RABBITMQ_URL): it connects
on first use, keeps one channel, opens a new one after close, and lets the
driver's error through when the broker cannot be reached."""

from uuid import uuid4

import pytest
from aio_pika.exceptions import AMQPConnectionError

from app.infrastructure.rabbitmq_connector import RabbitMqConfig, RabbitMqConnector
from tests.support.backing_services import (
    RABBITMQ_URL,
    UNREACHABLE_RABBITMQ_URL,
    rabbitmq_or_skip,
)


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
