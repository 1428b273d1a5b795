"""Writing generated files so that readers never see half of one and unchanged
files keep their timestamps."""

import os
import tempfile
from enum import StrEnum
from pathlib import Path


class WriteStatus(StrEnum):
    """What `write_if_changed` did to a file."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def read_text_or_none(path: Path) -> str | None:
    """The file's text, or None if it does not exist."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def write_if_changed(path: Path, content: str) -> WriteStatus:
    """Write `content` to `path` unless the file already holds exactly that."""
    current = read_text_or_none(path)
    if current == content:
        return WriteStatus.UNCHANGED
    write_atomically(path, content)
    return WriteStatus.CREATED if current is None else WriteStatus.UPDATED


NEW_FILE_MODE = 0o644


def write_atomically(path: Path, content: str) -> None:
    """Write through a temporary file in the same directory and rename it over
    `path`, so an interrupted write leaves the old file intact. The file keeps
    its permissions (a new one gets `NEW_FILE_MODE`, not mkstemp's 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else NEW_FILE_MODE
    descriptor, temporary_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        os.chmod(temporary_name, mode)
        os.replace(temporary_name, path)
    except BaseException:
        Path(temporary_name).unlink(missing_ok=True)
        raise
