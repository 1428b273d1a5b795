"""setup/generated-files.json: every file the scaffolder wrote, with the hash
of what it wrote and the additions that need it.

The hash tells a file the user has edited (never overwritten without
`--force`) from one still as generated; the owners tell `remove` which files
an addition can take with it. `replaced` keeps the spec entries an addition
took a port's binding from (`--replace`), as written and where, so that
`remove` puts them back exactly.
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

    def is_unedited(self, path: Path, current_text: str) -> bool:
        entry = self.files.get(path.as_posix())
        return entry is not None and entry.sha256 == content_hash(current_text)

    def record(self, path: Path, text: str, owner: str) -> None:
        entry = self.files.get(path.as_posix())
        owners = sorted({owner, *(entry.owners if entry else [])})
        self.files[path.as_posix()] = ManifestEntry(content_hash(text), owners)

    def owned_by(self, owner: str) -> list[Path]:
        return [
            Path(p) for p, entry in sorted(self.files.items()) if owner in entry.owners
        ]

    def release(self, owner: str) -> list[Path]:
        """Drops `owner` everywhere; returns the files nobody owns any more."""
        orphans = []
        for path, entry in list(self.files.items()):
            if owner not in entry.owners:
                continue
            entry.owners = [o for o in entry.owners if o != owner]
            if not entry.owners:
                del self.files[path]
                orphans.append(Path(path))
        return sorted(orphans)

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
        {
            name: ManifestEntry(entry["sha256"], list(entry["owners"]))
            for name, entry in data["files"].items()
        },
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
    )
