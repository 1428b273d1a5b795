"""setup/generated-files.json: every file the scaffolder wrote, with the hash
of what it wrote and the additions that need it.

The hash tells a file the user has edited (never overwritten without
`--force`) from one still as generated; the owners tell `remove` which files
an addition can take with it. `replaced` keeps the spec entries an addition
took a port's binding from (`--replace`), as written and where, so that
`remove` puts them back exactly.

`shipped` records the files of the adapters the project was shipped with (by
the base, or by `dev.py new` for a service), hand-written or generated and
edited since, as they were shipped and with the adapters they serve
(scaffold/shipped.py): `remove` deletes such a file while it is unchanged
and protects it once edited, as it does a generated file. Generating never
overwrites a shipped file: only `files` say what the scaffolder wrote.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_PATH = Path("setup/generated-files.json")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ManifestEntry:
    sha256: str
    owners: list[str]


@dataclass(frozen=True)
class ReplacedEntry:
    """A spec entry taken out by `--replace`: where it was in `components`
    (its position, and the class names of the entries around it, so that it
    goes back between the same neighbours whatever was put back first), and
    its JSON as it was written."""

    position: int
    component: dict[str, Any]
    after: str | None = None
    before: str | None = None


@dataclass
class Manifest:
    files: dict[str, ManifestEntry] = field(default_factory=dict)
    replaced: dict[str, list[ReplacedEntry]] = field(default_factory=dict)
    """Owner -> the entries it replaced, in the order they were taken out."""
    shipped: dict[str, ManifestEntry] = field(default_factory=dict)

    def is_unedited(self, path: Path, current_text: str) -> bool:
        entry = self.files.get(path.as_posix())
        return entry is not None and entry.sha256 == content_hash(current_text)

    def is_as_shipped_or_generated(self, path: Path, current_text: str) -> bool:
        """Whether the file is as the scaffolder wrote it or as it was shipped
        (what `remove` may delete without `--force`)."""
        entry = self.shipped.get(path.as_posix())
        shipped = entry is not None and entry.sha256 == content_hash(current_text)
        return shipped or self.is_unedited(path, current_text)

    def owners_of(self, path: Path) -> set[str]:
        """The additions and shipped adapters a file serves."""
        return {
            owner
            for records in (self.files, self.shipped)
            if (entry := records.get(path.as_posix())) is not None
            for owner in entry.owners
        }

    def hand_over(self, path: Path, owners: list[str]) -> None:
        """The file's records now name `owners` (none: it is no longer
        recorded, so the user's from now on)."""
        for records in (self.files, self.shipped):
            entry = records.get(path.as_posix())
            if entry is None:
                continue
            if owners:
                entry.owners = sorted(owners)
            else:
                del records[path.as_posix()]

    def record(self, path: Path, text: str, owner: str) -> None:
        entry = self.files.get(path.as_posix())
        owners = sorted({owner, *(entry.owners if entry else [])})
        self.files[path.as_posix()] = ManifestEntry(content_hash(text), owners)

    def record_replaced(self, owner: str, entry: ReplacedEntry) -> None:
        self.replaced.setdefault(owner, []).append(entry)

    def take_replaced(self, owner: str) -> list[ReplacedEntry]:
        """Forgets and returns what `owner` replaced."""
        return self.replaced.pop(owner, [])

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "files": {
                path: {"sha256": entry.sha256, "owners": entry.owners}
                for path, entry in sorted(self.files.items())
            }
        }
        if self.shipped:
            data["shipped"] = {
                path: {"sha256": entry.sha256, "owners": entry.owners}
                for path, entry in sorted(self.shipped.items())
            }
        if self.replaced:
            data["replaced"] = {
                owner: [
                    {
                        "position": entry.position,
                        "after": entry.after,
                        "before": entry.before,
                        "component": entry.component,
                    }
                    for entry in entries
                ]
                for owner, entries in sorted(self.replaced.items())
            }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def load_manifest(root: Path) -> Manifest:
    path = root / MANIFEST_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Manifest()
    return Manifest(
        _entries(data["files"]),
        {
            owner: [
                ReplacedEntry(
                    int(entry["position"]),
                    dict(entry["component"]),
                    entry.get("after"),
                    entry.get("before"),
                )
                for entry in entries
            ]
            for owner, entries in data.get("replaced", {}).items()
        },
        _entries(data.get("shipped", {})),
    )


def _entries(records: dict[str, Any]) -> dict[str, ManifestEntry]:
    return {
        name: ManifestEntry(entry["sha256"], list(entry["owners"]))
        for name, entry in records.items()
    }
