"""Write: the staged result compared with the real tree, then written all or
not at all."""

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from add_adapter.files import read_text_or_none, write_atomically
from add_adapter.paths import Project


class ChangeStatus(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    IDENTICAL = "identical"
    CONFLICT = "conflict"
    DELETE = "delete"


@dataclass(frozen=True)
class FileChange:
    path: Path
    status: ChangeStatus
    old: str | None
    new: str | None

    def diff(self) -> str:
        name = self.path.as_posix()
        return "".join(
            difflib.unified_diff(
                (self.old or "").splitlines(keepends=True),
                (self.new or "").splitlines(keepends=True),
                fromfile=f"a/{name}" if self.old is not None else "/dev/null",
                tofile=f"b/{name}" if self.new is not None else "/dev/null",
            )
        )


def compare(
    project: Project,
    owned: dict[Path, str | None],
    regenerated: dict[Path, str | None],
    is_unedited: Callable[[Path, str], bool],
) -> list[FileChange]:
    """`owned` files (the user may have edited them) conflict when they
    are not as the scaffolder last wrote them (`is_unedited`, from the
    manifest); `regenerated` ones (spec, providers, manifest, new migrations)
    are the tool's alone. None as the new text deletes the file."""
    changes = []
    for path, new in sorted({**regenerated, **owned}.items()):
        old = read_text_or_none(project.absolute(path))
        if old == new:
            status = ChangeStatus.IDENTICAL
        elif new is None:
            status = ChangeStatus.DELETE
        elif old is None:
            status = ChangeStatus.CREATE
        else:
            status = ChangeStatus.UPDATE
        edited = (
            path in owned
            and old is not None
            and status is not ChangeStatus.IDENTICAL
            and not is_unedited(path, old)
        )
        changes.append(
            FileChange(path, ChangeStatus.CONFLICT if edited else status, old, new)
        )
    return changes


def apply_changes(project: Project, changes: list[FileChange]) -> None:
    """Write every change; if one write fails, put back what was written."""
    done: list[FileChange] = []
    try:
        for change in changes:
            if change.status is ChangeStatus.IDENTICAL:
                continue
            target = project.absolute(change.path)
            if change.new is None:
                target.unlink(missing_ok=True)
            else:
                write_atomically(target, change.new)
            done.append(change)
    except BaseException:
        for change in reversed(done):
            target = project.absolute(change.path)
            if change.old is None:
                target.unlink(missing_ok=True)
            else:
                write_atomically(target, change.old)
        raise
