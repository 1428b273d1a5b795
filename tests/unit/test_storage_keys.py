"""Storage keys: relative paths of plain parts, and nothing that could reach
outside a storage."""

import pytest

from app.application.common.storage_keys import MAX_KEY_LENGTH, check_storage_key
from app.application.exceptions import StorageKeyError


@pytest.mark.parametrize(
    "key",
    ["a.pdf", "invoices/2026/0001.pdf", ".hidden", "a..b/c", "ünïcode/ключ.txt"],
)
def test_a_relative_path_of_plain_parts_is_a_key(key: str) -> None:
    assert check_storage_key(key) == key


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "is empty"),
        ("/etc/passwd", "is absolute"),
        ("C:/x", "is absolute"),
        ("a\\b", "backslash"),
        ("a\x00b", "control character"),
        ("..", "'..' part"),
        ("a/../../b", "'..' part"),
        ("a//b", "empty or '.' part"),
        ("a/./b", "empty or '.' part"),
        ("a/", "empty or '.' part"),
        ("k" * (MAX_KEY_LENGTH + 1), "longer than"),
    ],
)
def test_anything_else_is_refused_with_the_reason(key: str, reason: str) -> None:
    with pytest.raises(StorageKeyError) as raised:
        check_storage_key(key)

    assert raised.value.key == key
    assert reason in raised.value.reason
    assert raised.value.code == "invalid_storage_key"
