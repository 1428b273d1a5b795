"""S3_BUCKET_URL's two forms, and what is refused with the reason."""

import re

import pytest

from app.infrastructure.s3_bucket_url import S3BucketUrl, parse_s3_bucket_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("s3://images", S3BucketUrl("images")),
        ("s3://images/", S3BucketUrl("images")),
        (
            "s3://my.images-2/shop/products/",
            S3BucketUrl("my.images-2", "shop/products"),
        ),
        (
            "http://127.0.0.1:9000/images",
            S3BucketUrl("images", "", "http://127.0.0.1:9000"),
        ),
        (
            "https://s3.example.com/images/shop",
            S3BucketUrl("images", "shop", "https://s3.example.com"),
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
        ("images", "is not s3://bucket[/prefix]"),
        ("ftp://host/images", "is not s3://bucket[/prefix]"),
        ("http:///images", "is not s3://bucket[/prefix]"),
        ("s3://", "is not a bucket name"),
        ("http://127.0.0.1:9000/", "is not a bucket name"),
        ("s3://Images", "is not a bucket name"),
        ("s3://ab", "is not a bucket name"),
        ("s3://images/a//b", "has an empty, '.' or '..' part"),
        ("s3://images/a/../b", "has an empty, '.' or '..' part"),
        ("s3://images?versioning=1", "has a query, fragment or user"),
        ("http://key:secret@127.0.0.1:9000/images", "has a query, fragment or user"),
    ],
)
def test_a_url_naming_no_bucket_is_refused_with_the_reason(
    url: str, reason: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_s3_bucket_url(url)
