import asyncio

from app.infrastructure.messaging.rabbitmq_subscriber import BROKER_ERRORS
from app.infrastructure.rabbitmq_connector import RabbitMqConfig, open_connection

_PROBE_TIMEOUT_SECONDS = 2.0


class RabbitMqHealthProbe:
    """Healthy when a connection to the broker opens within two seconds (a
    HealthProbe). It opens one of its own, then closes it: the publishers'
    shared connection is opened only when they first publish."""

    def __init__(self, config: RabbitMqConfig) -> None:
        self._config = config

    async def is_healthy(self) -> bool:
        try:
            async with asyncio.timeout(_PROBE_TIMEOUT_SECONDS):
                connection = await open_connection(self._config)
                await connection.close()
        except BROKER_ERRORS:
            return False
        return True
