"""Where the S3 storages keep their objects, and how to reach the server."""

from dataclasses import dataclass, field

BUCKET_URL_SETTING = "S3_BUCKET_URL"


@dataclass(frozen=True, slots=True, kw_only=True)
class S3StorageConfig:
    # None when S3_BUCKET_URL is not set: the app starts, and each storage
    # call raises StorageError naming the setting.
    bucket: str | None
    # Prepended to every key with a "/" ("" for none).
    prefix: str = ""
    # An S3-compatible server (http://127.0.0.1:9000); None for AWS S3.
    endpoint_url: str | None = None
    region: str = "us-east-1"
    # None: botocore's default credential chain (environment, profile,
    # instance role). Kept out of repr.
    access_key_id: str | None = field(default=None, repr=False)
    secret_access_key: str | None = field(default=None, repr=False)
    connect_timeout_seconds: float = 5.0
    # Bounds each wait for data, not a whole transfer.
    read_timeout_seconds: float = 30.0
    # Attempts of one call, the first included (botocore's standard retries).
    max_attempts: int = 3

    def __post_init__(self) -> None:
        if (self.access_key_id is None) != (self.secret_access_key is None):
            raise ValueError("give both access_key_id and secret_access_key, or none")
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.connect_timeout_seconds <= 0 or self.read_timeout_seconds <= 0:
            raise ValueError("timeouts must be positive")

    def object_key(self, key: str) -> str:
        """The name in the bucket of the object stored under ``key``."""
        return f"{self.prefix}/{key}" if self.prefix else key
