"""The keys a file storage accepts: relative paths of plain parts, as
``invoices/2026/0001.pdf``, that no implementation can resolve outside its
storage. Every FileStorage checks keys with ``check_storage_key``, so a key
is valid or not the same way in memory, on disk and in a bucket."""

import re

from app.application.exceptions import StorageKeyError

MAX_KEY_LENGTH = 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_storage_key(key: str) -> str:
    """The key itself when valid; StorageKeyError (with the reason) when it is
    empty, too long, absolute, has a backslash or a control character, or has
    an empty, ``.`` or ``..`` part."""
    reason = _problem(key)
    if reason is not None:
        raise StorageKeyError(key, reason)
    return key


def _problem(key: str) -> str | None:
    if not key:
        return "is empty"
    if len(key) > MAX_KEY_LENGTH:
        return f"is longer than {MAX_KEY_LENGTH} characters"
    if key.startswith("/") or _DRIVE.match(key):
        return "is absolute; keys are relative paths"
    if "\\" in key:
        return "has a backslash; separate parts with /"
    if _CONTROL.search(key):
        return "has a control character"
    for part in key.split("/"):
        if part == "..":
            return "has a '..' part, which would leave the storage"
        if part in ("", "."):
            return "has an empty or '.' part"
    return None
