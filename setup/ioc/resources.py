"""Hand-written providers: objects built from settings, with their lifecycles.

Bindings of ports to adapters are not written here; they are generated
from setup/spec.json into the sibling modules.
"""

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import httpx
from dishka import (
    AnyOf,
    AsyncContainer,
    Provider,
    Scope,
    decorate,
    from_context,
    provide,
)
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.requests import Request

from app.application.common.health import HealthProbes
from app.application.ports.health_probe import HealthProbe
from app.application.services.idempotency import IdempotencyConfig
from app.infrastructure.adapters.argon2_password_hasher import Argon2Config
from app.infrastructure.adapters.sqla_health_probe import SchemaRevision
from app.infrastructure.auth.bearer_token import BearerTokenTransport
from app.infrastructure.auth.session_cookie import (
    SessionCookieTransport,
)
from app.infrastructure.auth.session_tokens import AuthSessionConfig
from app.infrastructure.guarded_redis import guarded_redis
from app.infrastructure.hashing_pool import HashingPool
from app.infrastructure.health.rabbitmq_health_probe import RabbitMqHealthProbe
from app.infrastructure.health.redis_health_probe import RedisHealthProbe
from app.infrastructure.local_file_storage_config import LocalFileStorageConfig
from app.infrastructure.log_in_limits import LogInLimitsConfig
from app.infrastructure.messaging.message_consumers import MessageConsumers
from app.infrastructure.messaging.outbox_relay import OutboxRelay, OutboxRelayConfig
from app.infrastructure.messaging.outbox_wakeup import OutboxWakeup
from app.infrastructure.messaging.redeliveries import RedeliveryConfig
from app.infrastructure.messaging.sqla_outbox_backlog import SqlaOutboxBacklog
from app.infrastructure.messaging.sqla_outbox_batches import SqlaOutboxBatches
from app.infrastructure.messaging.sqla_processed_messages import (
    SqlaProcessedMessages,
)
from app.infrastructure.persistence.database import (
    SessionFactory,
    create_engine,
    create_session_factory,
)
from app.infrastructure.rabbitmq_connector import RabbitMqConnector
from app.infrastructure.redis_keys import RedisKeys
from app.infrastructure.s3_connector import S3Connector
from app.infrastructure.s3_storage_config import S3StorageConfig
from setup.config import Settings
from setup.ioc.activation import SettingIsSet
from setup.messaging.subscription import Subscription
from setup.messaging.subscription_consumer import SubscriptionConsumer


class SettingsProvider(Provider):
    scope = Scope.APP

    settings = from_context(provides=Settings)

    @provide
    def argon2(self, settings: Settings) -> Argon2Config:
        return settings.argon2()

    @provide
    def local_file_storage(self, settings: Settings) -> LocalFileStorageConfig:
        return settings.local_file_storage()

    @provide
    def redis_keys(self, settings: Settings) -> RedisKeys:
        return settings.redis_keys()

    @provide
    def s3_storage(self, settings: Settings) -> S3StorageConfig:
        return settings.s3_storage()

    @provide
    def idempotency(self, settings: Settings) -> IdempotencyConfig:
        return settings.idempotency()

    @provide
    def outbox_relay(self, settings: Settings) -> OutboxRelayConfig:
        return settings.outbox_relay()

    @provide
    def redelivery(self, settings: Settings) -> RedeliveryConfig:
        return settings.redelivery()

    @provide
    def log_in_limits(self, settings: Settings) -> LogInLimitsConfig:
        return settings.log_in_limits()


class DatabaseProvider(Provider):
    @provide(scope=Scope.APP)
    async def engine(self, settings: Settings) -> AsyncIterator[AsyncEngine]:
        engine = create_engine(settings.database())
        yield engine
        await engine.dispose()

    # Also as SQLAlchemy's generic type, which adapters may ask for; what
    # every request needs asks for SessionFactory (see there why).
    @provide(
        scope=Scope.APP,
        provides=AnyOf[SessionFactory, async_sessionmaker[AsyncSession]],
    )
    def session_factory(self, engine: AsyncEngine) -> SessionFactory:
        return create_session_factory(engine)

    @provide(scope=Scope.REQUEST)
    async def session(self, factory: SessionFactory) -> AsyncIterator[AsyncSession]:
        session = factory()
        try:
            yield session
        finally:
            # Closing rolls back whatever the use case did not commit and
            # gives its connection back. Outside a transaction a session
            # holds no connection: a request that never used it (a cached
            # read) skips the close, a tenth of such a request's time.
            if session.in_transaction():
                await session.close()


class HashingProvider(Provider):
    @provide(scope=Scope.APP)
    def pool(self, settings: Settings) -> Iterator[HashingPool]:
        pool = HashingPool(settings.hashing_pool())
        yield pool
        pool.shutdown()


class HttpClientProvider(Provider):
    @provide(scope=Scope.APP)
    async def http_client(self) -> AsyncIterator[httpx.AsyncClient]:
        # One client for every adapter that calls out: its pool reuses
        # connections to each service across requests. Each call sets its
        # own timeout (JsonApiConfig), so the client keeps httpx's defaults.
        client = httpx.AsyncClient()
        yield client
        await client.aclose()


class RedisProvider(Provider):
    @provide(scope=Scope.APP)
    async def redis(self, settings: Settings) -> AsyncIterator[Redis]:
        # Short timeouts and a circuit breaker: a cache that is away costs
        # requests milliseconds, and is logged once per outage.
        client = guarded_redis(settings.redis())
        yield client
        await client.aclose()


class RabbitMqProvider(Provider):
    @provide(scope=Scope.APP)
    async def connector(self, settings: Settings) -> AsyncIterator[RabbitMqConnector]:
        # Connects on the first publish, not here (see RabbitMqConnector).
        connector = RabbitMqConnector(settings.rabbitmq())
        yield connector
        await connector.close()


class S3Provider(Provider):
    @provide(scope=Scope.APP)
    async def connector(self, config: S3StorageConfig) -> AsyncIterator[S3Connector]:
        # Creates its client on the first storage call, not here (see
        # S3Connector): the app starts while S3 is down.
        connector = S3Connector(config)
        yield connector
        await connector.close()


class MessagingProvider(Provider):
    """The transactional outbox's relay and the consumers of the
    subscriptions (see README, Events). The MessagePublisher the relay uses
    is bound in the spec: RabbitMQ with AMQP_URL set, the in-process bus
    otherwise."""

    # One per process: commits that store outbox rows wake the relay with it.
    wakeup = provide(OutboxWakeup, scope=Scope.APP)
    batches = provide(SqlaOutboxBatches, scope=Scope.APP)
    relay = provide(OutboxRelay, scope=Scope.APP)
    # What the relay has left to publish (GET /metrics).
    backlog = provide(SqlaOutboxBacklog, scope=Scope.APP)
    # In the unit of work of the handler it de-duplicates for.
    processed_messages = provide(SqlaProcessedMessages, scope=Scope.REQUEST)

    def __init__(self, subscriptions: Sequence[Subscription[Any]]) -> None:
        super().__init__()
        self._subscriptions = tuple(subscriptions)

    @provide(scope=Scope.APP)
    def consumers(self, container: AsyncContainer) -> MessageConsumers:
        # The app container: each consumer opens a request scope per message.
        return MessageConsumers(
            SubscriptionConsumer(container, subscription)
            for subscription in self._subscriptions
        )


class HttpAuthProvider(Provider):
    """What reading and issuing sessions needs in a request. The two configs
    are known when the container is built, so they are held here and given
    in the request's own scope: asked of the app scope, each would cost every
    signed-in request a look-up through the request and app containers
    (about 0.9 us each, of an order read's 10)."""

    scope = Scope.REQUEST

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self._cookie = settings.session_cookie()
        self._auth_session = settings.auth_session()

    @provide
    def transport(self, request: Request) -> SessionCookieTransport:
        return SessionCookieTransport(request, self._cookie)

    @provide
    def auth_session(self) -> AuthSessionConfig:
        return self._auth_session

    # For identity providers and access revokers reading the Authorization
    # header (scripts/add-adapter identity-provider / access-revoker).
    bearer_transport = provide(BearerTokenTransport)


class HealthProvider(Provider):
    """What /health/ready probes: the database (the spec's HealthProbe: it
    answers, and is migrated to the code's revision), and Redis and the
    broker where their URL is set."""

    scope = Scope.APP

    @provide
    def schema(self) -> SchemaRevision:
        # Imported when first asked for (a readiness check), not with the
        # container: see setup/startup/database.py.
        from setup.migrations import head_revisions

        return SchemaRevision(heads=head_revisions())

    @provide
    def probes(self, database: HealthProbe) -> HealthProbes:
        return HealthProbes({"database": database})

    @decorate(when=SettingIsSet("REDIS_URL"))
    def with_redis(self, probes: HealthProbes, redis: Redis) -> HealthProbes:
        return probes.including("redis", RedisHealthProbe(redis))

    @decorate(when=SettingIsSet("AMQP_URL"))
    def with_broker(self, probes: HealthProbes, settings: Settings) -> HealthProbes:
        return probes.including("broker", RabbitMqHealthProbe(settings.rabbitmq()))
