"""S3_BUCKET_URL's two forms, and what is refused with the reason."""

import re

import pytest

from app.infrastructure.s3_bucket_url import S3BucketUrl, parse_s3_bucket_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("s3://uploads", S3BucketUrl("uploads")),
        ("s3://uploads/", S3BucketUrl("uploads")),
        (
            "s3://my.uploads-2/shop/avatars/",
            S3BucketUrl("my.uploads-2", "shop/avatars"),
        ),
        (
            "http://127.0.0.1:9000/uploads",
            S3BucketUrl("uploads", "", "http://127.0.0.1:9000"),
        ),
        (
            "https://s3.example.com/uploads/shop",
            S3BucketUrl("uploads", "shop", "https://s3.example.com"),
        ),
    ],
)
def test_a_bucket_url_names_bucket_prefix_and_server(
    url: str, expected: S3BucketUrl
) -> None:
    assert parse_s3_bucket_url(url) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("uploads", "is not s3://bucket[/prefix]"),
        ("ftp://host/uploads", "is not s3://bucket[/prefix]"),
        ("http:///uploads", "is not s3://bucket[/prefix]"),
        ("s3://", "is not a bucket name"),
        ("http://127.0.0.1:9000/", "is not a bucket name"),
        ("s3://Uploads", "is not a bucket name"),
        ("s3://ab", "is not a bucket name"),
        ("s3://uploads/a//b", "has an empty, '.' or '..' part"),
        ("s3://uploads/a/../b", "has an empty, '.' or '..' part"),
        ("s3://uploads?versioning=1", "has a query, fragment or user"),
        ("http://key:secret@127.0.0.1:9000/uploads", "has a query, fragment or user"),
    ],
)
def test_a_url_naming_no_bucket_is_refused_with_the_reason(
    url: str, reason: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_s3_bucket_url(url)
