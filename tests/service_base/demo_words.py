"""The words that name the base's demo, for greps over a new service."""

import re
from collections.abc import Iterator
from pathlib import Path

# product, payment, image and fulfil in any word; order as the demo's names
# (Order, OrderPlaced, orders, order_id, place_order), not as the English
# word or a sort order.
DEMO_WORDS = re.compile(
    r"(?i:\w*(?:product|payment|image|fulfil)\w*)"
    r"|\b(?:Order\w*|\w+Orders?|orders|order_\w+|\w+_orders?)\b"
)
NOT_THE_DEMO = frozenset({"SortOrder", "order_by", "production", "productive"})
# English, not the demo: `in_id_order`, `..._go_back_in_either_order`.
_IN_SOME_ORDER = re.compile(r"(?:^|_)in(?:_[a-z]+)?_order$")
QUOTED = {
    "tests/tools/seeds/": "the seed documents, quoted whole with their own examples",
    "LICENSES/common_passwords.txt": (
        "Django's licence of the common-passwords list, quoted verbatim"
    ),
}
"""Texts quoted verbatim from elsewhere, which the grep leaves alone: path
(a folder ends with /) -> why."""


def demo_words(root: Path) -> Iterator[str]:
    """``path:line: word`` for every demo word in the files under ``root``
    (the QUOTED ones aside)."""
    for path in sorted(root.rglob("*")):
        if not path.is_file() or {".git", ".venv", "__pycache__"} & set(path.parts):
            continue
        where = path.relative_to(root).as_posix()
        if where.startswith(tuple(QUOTED)):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for match in DEMO_WORDS.finditer(line):
                if _names_the_demo(match.group(0)):
                    yield f"{where}:{number}: {match.group(0)}"


def _names_the_demo(word: str) -> bool:
    return word not in NOT_THE_DEMO and not _IN_SOME_ORDER.search(word)
