"""S3_BUCKET_URL: the bucket (and the folder in it) the S3 storages keep
their objects in, and which server holds it.

- ``s3://bucket`` or ``s3://bucket/some/prefix``: a bucket on AWS S3, or on
  the S3-compatible server S3_ENDPOINT_URL names;
- ``http(s)://host[:port]/bucket[/some/prefix]``: a bucket on the
  S3-compatible server at ``http(s)://host[:port]`` (MinIO, Ceph, moto),
  addressed by path.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# S3's rules for bucket names (letters are lower-case), which most
# S3-compatible servers share.
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_ENDPOINT_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class S3BucketUrl:
    bucket: str
    # Prepended to every key with a "/" ("" for none): "uploads" stores the
    # key a/b.png as the object uploads/a/b.png.
    prefix: str = ""
    # The server of an http(s) bucket URL; None for s3://.
    endpoint_url: str | None = None


def parse_s3_bucket_url(url: str) -> S3BucketUrl:
    """The bucket, prefix and server a bucket URL names; ValueError saying
    what is wrong with one that names none."""
    parts = urlsplit(url)
    if parts.scheme == "s3":
        bucket, path, endpoint = parts.netloc, parts.path, None
    elif parts.scheme in _ENDPOINT_SCHEMES and parts.hostname:
        bucket, _, path = parts.path.lstrip("/").partition("/")
        endpoint = f"{parts.scheme}://{parts.netloc}"
    else:
        raise ValueError(
            f"{url!r} is not s3://bucket[/prefix] nor "
            "http(s)://host[:port]/bucket[/prefix]"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        # Credentials go in S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY.
        raise ValueError(f"{url!r} has a query, fragment or user: give none")
    if not _BUCKET_NAME.match(bucket):
        raise ValueError(
            f"{bucket!r} is not a bucket name (3 to 63 lower-case letters, "
            "digits, dots and hyphens)"
        )
    return S3BucketUrl(bucket, _prefix(path), endpoint)


def _prefix(path: str) -> str:
    prefix = path.strip("/")
    if prefix and any(part in ("", ".", "..") for part in prefix.split("/")):
        raise ValueError(f"the prefix {prefix!r} has an empty, '.' or '..' part")
    return prefix
