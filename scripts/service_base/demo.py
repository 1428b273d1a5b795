"""The base's demo, as `demo.toml` describes it, and how `new` leaves it out.

Files that serve only the demo are listed in demo.toml, by aggregate. Shared
files mark the lines that serve only the demo:

    # region demo: catalog            <!-- region demo: catalog -->
    ...                               ...
    # endregion                       <!-- endregion -->

    catalog.router,  # demo: catalog
    from app.domain.entities.item import (  # demo: catalog
        Item,
    )

(a marked line goes with the rest of its statement, up to its closing
bracket; in Markdown a table row ends in `<!-- demo: catalog --> |`), and
`# region base` / `<!-- region base -->` marks what makes sense in the
base only (how to start a service from it). A region holds no other region.
"""

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from service_base.errors import DemoManifestError

MANIFEST = Path("demo.toml")

_NAME = r"[a-z][a-z0-9-]*"
_START = re.compile(
    rf"^\s*(?:#|<!--)\s*region (?:demo: (?P<aggregate>{_NAME})|(?P<base>base))"
    r"\s*(?:-->)?\s*$"
)
_END = re.compile(r"^\s*(?:#|<!--)\s*endregion\s*(?:-->)?\s*$")
_LINE = re.compile(
    rf"\s(?:#\s*demo: (?P<aggregate>{_NAME})"
    # Markdown: a table row ends in its last cell (a comment line would end
    # the table), `| ... <!-- demo: catalog --> |`.
    rf"|<!--\s*demo: (?P<markdown>{_NAME})\s*-->\s*\|?)\s*$"
)


@dataclass(frozen=True, slots=True)
class Aggregate:
    name: str
    about: str
    paths: tuple[str, ...]
    """Glob patterns, relative to the base's root."""


@dataclass(frozen=True, slots=True)
class Demo:
    aggregates: tuple[Aggregate, ...]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(aggregate.name for aggregate in self.aggregates)


def load_demo(root: Path) -> Demo:
    """demo.toml of the tree at ``root``; no demo when there is none (a
    service made by `new` has none)."""
    path = root / MANIFEST
    if not path.exists():
        return Demo(())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DemoManifestError(f"{MANIFEST}: {error}") from error
    aggregates = []
    for name, table in data.get("aggregates", {}).items():
        paths = table.get("paths")
        if not re.fullmatch(_NAME, name) or not isinstance(paths, list):
            raise DemoManifestError(
                f"{MANIFEST}: [aggregates.{name}] needs a lowercase name and a "
                "list of paths"
            )
        aggregates.append(Aggregate(name, str(table.get("about", "")), tuple(paths)))
    return Demo(tuple(aggregates))


def demo_files(root: Path, demo: Demo) -> list[Path]:
    """Every file the aggregates list, relative to ``root``. A pattern that
    matches nothing is an error: the manifest has gone stale."""
    found: set[Path] = set()
    for aggregate in demo.aggregates:
        for pattern in aggregate.paths:
            matches = [p for p in root.glob(pattern) if p.is_file()]
            if not matches:
                raise DemoManifestError(
                    f"{MANIFEST}: [aggregates.{aggregate.name}] path {pattern!r} "
                    "matches no file"
                )
            found.update(match.relative_to(root) for match in matches)
    return sorted(found)


def strip_regions(text: str, where: str, demo: Demo) -> str:
    """``text`` without its demo and base-only regions and demo lines."""
    kept: list[str] = []
    open_at: int | None = None
    unclosed = 0  # brackets a marked line opened and has not closed yet
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        start, end = _START.match(line), _END.match(line)
        if unclosed:
            unclosed += _bracket_balance(line)
        elif start:
            _known(start.group("aggregate"), f"{where}:{number}", demo)
            if open_at is not None:
                raise DemoManifestError(
                    f"{where}:{number}: a region starts inside the region of "
                    f"line {open_at}"
                )
            open_at = number
        elif end and open_at is not None:
            open_at = None
        elif open_at is None:
            marked = _LINE.search(line)
            if marked:
                aggregate = marked.group("aggregate") or marked.group("markdown")
                _known(aggregate, f"{where}:{number}", demo)
                unclosed = max(_bracket_balance(line[: marked.start()]), 0)
            else:
                kept.append(line)
    if open_at is not None:
        raise DemoManifestError(f"{where}:{open_at}: region without # endregion")
    return "".join(kept)


def marked_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every text file under ``root`` holding a region or a demo line, with
    its text."""
    for path in sorted(root.rglob("*")):
        if not path.is_file() or ".git" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if "region demo:" in text or "region base" in text or "demo:" in text:
            yield path, text


def _bracket_balance(code: str) -> int:
    """Brackets opened minus closed (strings and comments are not told apart:
    keep brackets out of them on marked lines)."""
    code = code.split("#", 1)[0]
    return sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")


def _known(aggregate: str | None, where: str, demo: Demo) -> None:
    if aggregate is not None and aggregate not in demo.names:
        raise DemoManifestError(
            f"{where}: no aggregate {aggregate!r} in {MANIFEST} "
            f"(it has: {', '.join(sorted(demo.names))})"
        )
