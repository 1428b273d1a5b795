"""Typed settings from environment variables and an optional ``.env`` file.

Only this module (with the generated setup/adapter_settings.py it inherits
from) reads the environment; everything else receives the typed objects built
here.
"""

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from limits import parse as parse_limit
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

from app.application.commands.reconcile_payments import (  # demo: orders
    PaymentReconciliationConfig,
)
from app.application.common.product_images import (  # demo: catalog
    DEFAULT_MAX_BYTES,
    ProductImageLimits,
)
from app.application.services.idempotency import IdempotencyConfig
from app.infrastructure.adapters.argon2_password_hasher import Argon2Config
from app.infrastructure.adapters.caching_product_reader import (  # demo: catalog
    ProductCacheConfig,
)
from app.infrastructure.auth.session_cookie import SessionCookieConfig
from app.infrastructure.auth.session_tokens import AuthSessionConfig
from app.infrastructure.guarded_redis import RedisConfig
from app.infrastructure.hashing_pool import HashingPoolConfig
from app.infrastructure.local_file_storage_config import LocalFileStorageConfig
from app.infrastructure.log_in_limits import LogInLimitsConfig
from app.infrastructure.messaging.backoff import Backoff
from app.infrastructure.messaging.outbox_relay import OutboxRelayConfig
from app.infrastructure.messaging.redeliveries import RedeliveryConfig
from app.infrastructure.persistence.database import DatabaseConfig
from app.infrastructure.rabbitmq_connector import RabbitMqConfig
from app.infrastructure.redis_keys import RedisKeys
from app.infrastructure.s3_bucket_url import parse_s3_bucket_url
from app.infrastructure.s3_storage_config import S3StorageConfig
from setup.adapter_settings import AdapterSettings

# This service's name: `scripts/dev.py new` sets it, and the default of
# every name the service could share with another one (on one broker, one
# Redis, one browser) derives from it, so two services never collide.
SERVICE_NAME = "service-base"
_NAME_IN_IDENTIFIERS = SERVICE_NAME.replace("-", "_")

DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///./var/{_NAME_IN_IDENTIFIERS}.db"
# OTEL_TRACES_EXPORTER's names, and the SDK entry point each one loads.
TRACES_EXPORTERS = {
    "otlp": "otlp_proto_http",
    "otlp_proto_http": "otlp_proto_http",
    "console": "console",
}
_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


class Settings(AdapterSettings):
    """The service's settings; the HTTP clients' ones (generated from the
    spec by `scripts/add-adapter sync`) come from AdapterSettings."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = DEFAULT_DATABASE_URL
    database_timeout_seconds: float = Field(default=5.0, gt=0)
    # Per process (each app process and worker has its pool): keep
    # processes x (DATABASE_POOL_SIZE + DATABASE_MAX_OVERFLOW) below the
    # server's max_connections.
    database_pool_size: int = Field(default=10, ge=1)
    database_max_overflow: int = Field(default=10, ge=0)
    # Seconds a pooled connection is used before it is opened anew: below
    # any idle timeout between here and the server (PgBouncer, a firewall).
    database_pool_recycle_seconds: int = Field(default=1800, ge=1)
    sql_echo: bool = False
    run_migrations_on_startup: bool = True

    session_cookie_name: str = f"{_NAME_IN_IDENTIFIERS}_session"
    session_cookie_secure: bool = True
    session_cookie_samesite: Literal["lax", "strict", "none"] = "lax"
    session_lifetime_minutes: int = Field(default=14 * 24 * 60, gt=0)
    session_refresh_after_minutes: int = Field(default=24 * 60, ge=0)

    password_hashing_workers: int = Field(default=2, ge=1)
    password_hashing_max_waiting: int = Field(default=16, ge=0)
    password_hashing_admission_timeout_seconds: float = Field(default=0.5, gt=0)
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost_kib: int = Field(default=65536, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)

    # The first admin: ensured at startup when both are set (see README).
    initial_admin_email: str | None = None
    initial_admin_password: SecretStr | None = None

    # Backing services of scaffolded adapters (`scripts/add-adapter cache`,
    # `message-publisher`, `file-storage`). Nothing connects until an adapter
    # is used, so the defaults cost nothing while none is bound.
    redis_url: str = "redis://127.0.0.1:6379/0"
    # Before every key the service keeps in Redis: services sharing one Redis
    # database never meet.
    redis_key_prefix: str = f"{SERVICE_NAME}:"
    # A cache answers fast or is skipped: each Redis command waits at most
    # this long, and after REDIS_BREAKER_FAILURES outage failures in a row
    # commands fail at once for REDIS_BREAKER_RESET_SECONDS at a time.
    redis_timeout_seconds: float = Field(default=0.25, gt=0)
    redis_breaker_failures: int = Field(default=3, ge=1)
    redis_breaker_reset_seconds: float = Field(default=5.0, gt=0)
    # Domain events go to RabbitMQ when AMQP_URL is set, and stay in process
    # otherwise (the default is for scaffolded publishers' tests).
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    # Queues are named <exchange>.<consumer>.
    rabbitmq_exchange: str = f"{SERVICE_NAME}.events"
    file_storage_root: Path = Path("var/files")
    # S3 storages (`file-storage --technology s3`): s3://bucket[/prefix], or
    # http(s)://host[:port]/bucket[/prefix] for an S3-compatible server (see
    # README). Unset, the files of storages bound without it stay local.
    s3_bucket_url: str | None = None
    # The S3-compatible server of an s3:// bucket URL; unset for AWS S3.
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    # Unset: botocore's default credential chain (AWS_* variables, profile,
    # instance role).
    s3_access_key_id: SecretStr | None = None
    s3_secret_access_key: SecretStr | None = None
    s3_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    s3_read_timeout_seconds: float = Field(default=30.0, gt=0)
    s3_max_attempts: int = Field(default=3, ge=1)

    # The outbox relay: how often it looks for rows its process was not told
    # about, how many it publishes per transaction, and its waits (doubling
    # from the first, capped) after failures in a row. The waits apply to
    # consumers too: before a failed message comes again, and before
    # connecting again to the broker.
    outbox_poll_interval_seconds: float = Field(default=1.0, gt=0)
    outbox_batch_size: int = Field(default=100, ge=1)
    # Relays per process, side by side (PostgreSQL; one on SQLite).
    outbox_relays: int = Field(default=2, ge=1)
    messaging_retry_initial_seconds: float = Field(default=0.5, gt=0)
    messaging_retry_max_seconds: float = Field(default=30.0, gt=0)
    # Deliveries of a message whose handler fails with an error that waiting
    # cannot fix (not an infrastructure error), before it is given up.
    consumer_max_attempts: int = Field(default=5, ge=1)

    # region demo: catalog
    # Product images (PUT /api/v1/products/{id}/image): larger uploads are
    # refused with 413 before their body is read.
    product_image_max_bytes: int = Field(default=DEFAULT_MAX_BYTES, ge=1)

    # Product reads and listings are cached this long (Redis when REDIS_URL
    # is set, in-process otherwise); product writes invalidate them at once.
    product_cache_ttl_seconds: int = Field(default=60, ge=1)
    # endregion

    # Idempotency-Keys (app.application.services.idempotency): how long a
    # request holds its key (longer than it can run: a crashed process's
    # claim is taken over after it), and how long the same request sent
    # meanwhile waits for its answer before a 409 "in progress".
    idempotency_lease_seconds: float = Field(default=60.0, gt=0)
    idempotency_wait_seconds: float = Field(default=5.0, ge=0)

    # region demo: orders
    # Orders left unpaid this long are settled by ReconcilePayments (run by
    # the worker, or by the app without AMQP_URL, every interval): paid if
    # the provider took their charge, cancelled otherwise.
    payment_reconcile_after_seconds: float = Field(default=300.0, gt=0)
    payment_reconcile_interval_seconds: float = Field(default=60.0, gt=0)
    # endregion

    # --- The HTTP boundary under abuse (README, Errors > Security) ---
    # Request bodies larger than this are refused with 413 while they stream
    # in; a route that reads a larger upload lifts it and keeps its own.
    max_request_body_bytes: int = Field(default=1024 * 1024, ge=1)
    # Other sites whose pages may send requests that change something
    # (POST, PUT, PATCH, DELETE) with the session cookie: origins such as
    # https://app.example.com, comma-separated. The service's own origin is
    # always allowed.
    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Log-in attempts allowed per account (email) and per client address, in
    # the `limits` notation ("10 per 15 minutes", "100/hour"); then 429. In
    # Redis when REDIS_URL is set (shared by every process), else in process.
    log_in_limit_per_account: str = "10 per 15 minutes"
    log_in_limit_per_address: str = "100 per 15 minutes"
    # Before every Redis key of those counts: distinct for services (or test
    # runs) that share a Redis database.
    log_in_limits_key_prefix: str = Field(
        default=f"{SERVICE_NAME}:log_in_limits", min_length=1
    )

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("allowed_origins")
    @classmethod
    def _are_origins(cls, origins: list[str]) -> list[str]:
        for origin in origins:
            parts = urlsplit(origin)
            if (
                parts.scheme not in ("http", "https")
                or not parts.netloc
                or (f"{parts.scheme}://{parts.netloc}" != origin)
            ):
                raise ValueError(
                    f"{origin!r} is not an origin: scheme://host[:port], "
                    "with no path or trailing slash"
                )
        return origins

    @field_validator("log_in_limit_per_account", "log_in_limit_per_address")
    @classmethod
    def _is_rate_limit(cls, value: str) -> str:
        parse_limit(value)  # raises ValueError naming the notation
        return value

    # Operations (README, Run in production): logs, traces, metrics.
    # LOG_FORMAT unset: console on a terminal, JSON lines otherwise.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["json", "console"] | None = None
    # Traces go to the exporters named here (otlp, console; comma-separated),
    # configured by the standard OTEL_EXPORTER_OTLP_* variables; none by
    # default, and then no tracing code runs at all.
    otel_traces_exporter: str = "none"
    otel_sdk_disabled: bool = False
    otel_service_name: str = SERVICE_NAME
    # GET /metrics in Prometheus' text format.
    metrics_enabled: bool = False

    @field_validator("otel_traces_exporter")
    @classmethod
    def _known_exporters(cls, value: str) -> str:
        names = {name.strip() for name in value.split(",") if name.strip()}
        unknown = sorted(names - {"none", *TRACES_EXPORTERS})
        if unknown:
            known = ", ".join(["none", *TRACES_EXPORTERS])
            raise ValueError(f"unknown exporter {', '.join(unknown)} (known: {known})")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_case(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("database_url")
    @classmethod
    def _use_async_driver(cls, value: str) -> str:
        """Accept plain ``postgresql://`` and ``sqlite://`` URLs too."""
        url = make_url(value)
        driver = _ASYNC_DRIVERS.get(url.drivername)
        return url.set(drivername=driver).render_as_string(False) if driver else value

    @field_validator("s3_bucket_url", "s3_endpoint_url")
    @classmethod
    def _empty_is_unset(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("s3_bucket_url")
    @classmethod
    def _names_a_bucket(cls, value: str | None) -> str | None:
        if value is not None:
            parse_s3_bucket_url(value)  # raises ValueError with the reason
        return value

    @model_validator(mode="after")
    def _one_s3_server(self) -> "Settings":
        bucket_url, endpoint_url = self.s3_bucket_url, self.s3_endpoint_url
        if bucket_url and endpoint_url and parse_s3_bucket_url(bucket_url).endpoint_url:
            raise ValueError(
                "S3_BUCKET_URL names its server (http(s)://host/bucket): "
                "leave S3_ENDPOINT_URL unset, or use s3://bucket"
            )
        if (self.s3_access_key_id is None) != (self.s3_secret_access_key is None):
            raise ValueError(
                "set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither"
            )
        return self

    @model_validator(mode="after")
    def _retry_waits_grow(self) -> "Settings":
        if self.messaging_retry_max_seconds < self.messaging_retry_initial_seconds:
            raise ValueError(
                "MESSAGING_RETRY_MAX_SECONDS must be at least "
                "MESSAGING_RETRY_INITIAL_SECONDS"
            )
        return self

    def log_in_limits(self) -> LogInLimitsConfig:
        return LogInLimitsConfig(
            per_account=self.log_in_limit_per_account,
            per_address=self.log_in_limit_per_address,
            key_prefix=self.log_in_limits_key_prefix,
        )

    def database(self) -> DatabaseConfig:
        return DatabaseConfig(
            url=self.database_url,
            echo=self.sql_echo,
            timeout=self.database_timeout_seconds,
            pool_size=self.database_pool_size,
            max_overflow=self.database_max_overflow,
            recycle_seconds=self.database_pool_recycle_seconds,
        )

    def session_cookie(self) -> SessionCookieConfig:
        return SessionCookieConfig(
            name=self.session_cookie_name,
            secure=self.session_cookie_secure,
            same_site=self.session_cookie_samesite,
        )

    def auth_session(self) -> AuthSessionConfig:
        return AuthSessionConfig(
            lifetime=timedelta(minutes=self.session_lifetime_minutes),
            refresh_after=timedelta(minutes=self.session_refresh_after_minutes),
        )

    def hashing_pool(self) -> HashingPoolConfig:
        return HashingPoolConfig(
            workers=self.password_hashing_workers,
            max_waiting=self.password_hashing_max_waiting,
            admission_timeout=self.password_hashing_admission_timeout_seconds,
        )

    def redis_keys(self) -> RedisKeys:
        return RedisKeys(prefix=self.redis_key_prefix)

    def redis(self) -> RedisConfig:
        return RedisConfig(
            url=self.redis_url,
            timeout_seconds=self.redis_timeout_seconds,
            breaker_failures=self.redis_breaker_failures,
            breaker_reset_seconds=self.redis_breaker_reset_seconds,
        )

    def rabbitmq(self) -> RabbitMqConfig:
        return RabbitMqConfig(url=self.amqp_url, exchange=self.rabbitmq_exchange)

    def outbox_relay(self) -> OutboxRelayConfig:
        return OutboxRelayConfig(
            poll_interval_seconds=self.outbox_poll_interval_seconds,
            batch_size=self.outbox_batch_size,
            # SQLite has no FOR UPDATE SKIP LOCKED: relays side by side would
            # claim the same rows there.
            relays=1 if self._on_sqlite() else self.outbox_relays,
            backoff=self._messaging_backoff(),
        )

    def _on_sqlite(self) -> bool:
        return make_url(self.database_url).get_backend_name() == "sqlite"

    def redelivery(self) -> RedeliveryConfig:
        return RedeliveryConfig(
            max_attempts=self.consumer_max_attempts,
            backoff=self._messaging_backoff(),
        )

    def _messaging_backoff(self) -> Backoff:
        return Backoff(
            initial_seconds=self.messaging_retry_initial_seconds,
            max_seconds=self.messaging_retry_max_seconds,
        )

    def local_file_storage(self) -> LocalFileStorageConfig:
        return LocalFileStorageConfig(root=self.file_storage_root)

    def s3_storage(self) -> S3StorageConfig:
        location = (
            parse_s3_bucket_url(self.s3_bucket_url) if self.s3_bucket_url else None
        )
        return S3StorageConfig(
            bucket=location.bucket if location else None,
            prefix=location.prefix if location else "",
            endpoint_url=(location and location.endpoint_url) or self.s3_endpoint_url,
            region=self.s3_region,
            access_key_id=_revealed(self.s3_access_key_id),
            secret_access_key=_revealed(self.s3_secret_access_key),
            connect_timeout_seconds=self.s3_connect_timeout_seconds,
            read_timeout_seconds=self.s3_read_timeout_seconds,
            max_attempts=self.s3_max_attempts,
        )

    # region demo: catalog
    def product_image_limits(self) -> ProductImageLimits:
        return ProductImageLimits(max_bytes=self.product_image_max_bytes)

    def product_cache(self) -> ProductCacheConfig:
        return ProductCacheConfig(ttl_seconds=self.product_cache_ttl_seconds)

    # endregion
    # region demo: orders
    def payment_reconciliation(self) -> PaymentReconciliationConfig:
        return PaymentReconciliationConfig(
            after_seconds=self.payment_reconcile_after_seconds
        )

    # endregion
    def idempotency(self) -> IdempotencyConfig:
        return IdempotencyConfig(
            lease_seconds=self.idempotency_lease_seconds,
            wait_seconds=self.idempotency_wait_seconds,
        )

    def argon2(self) -> Argon2Config:
        return Argon2Config(
            time_cost=self.argon2_time_cost,
            memory_cost_kib=self.argon2_memory_cost_kib,
            parallelism=self.argon2_parallelism,
        )


def _revealed(secret: SecretStr | None) -> str | None:
    return secret.get_secret_value() if secret is not None else None
