"""The domain and application layers speak of roles only: no text of theirs
(docstrings, comments, messages) names a technology, a module of an outer
layer, an HTTP status or a file of the composition root. What maps their
errors where is said once, in the composition root and the error rules."""

import re
from pathlib import Path

import pytest

import app.application
import app.domain
from add_adapter.scaffold.prose import technology_named

INNER_LAYERS = [
    Path(app.domain.__file__).parent,
    Path(app.application.__file__).parent,
]
FORBIDDEN = {
    "a module of an outer layer": re.compile(
        r"\bapp[./](?:infrastructure|presentation)\b"
    ),
    "a file or module of the composition root": re.compile(r"\bsetup[./]\w+"),
    "an HTTP status": re.compile(
        r"\([1-5]\d\d\)|\banswered as [1-5]\d\d\b"
        r"|\bstatus(?:``)? [1-5]\d\d\b|\bHTTP [1-5]\d\d\b"
    ),
}


def _offences(line: str) -> list[str]:
    found = [
        f"{what} ({match.group(0)!r})"
        for what, pattern in FORBIDDEN.items()
        if (match := pattern.search(line))
    ]
    technology = technology_named(line)
    if technology:
        found.append(f"a technology ({technology!r})")
    return found


def _lines(layer: Path) -> list[tuple[Path, int, str]]:
    """Every line of the layer's modules but its imports (the import
    contracts guard those)."""
    return [
        (path, number, line)
        for path in sorted(layer.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if not line.lstrip().startswith(("import ", "from "))
    ]


@pytest.mark.parametrize("layer", INNER_LAYERS, ids=lambda layer: layer.name)
def test_the_inner_layers_name_no_technology_outer_module_status_or_setup_file(
    layer: Path,
) -> None:
    assert len(_lines(layer)) > 100  # the layer was found and read

    offences = [
        f"{path}:{number}: {', '.join(found)}: {line.strip()}"
        for path, number, line in _lines(layer)
        if (found := _offences(line))
    ]

    assert not offences, "\n".join(offences)


@pytest.mark.parametrize(
    "line",
    [
        "Errors are those of app.infrastructure.exceptions: ...",
        "Run periodically (setup/jobs.py).",
        "fail at once (answered as 503) instead of queueing",
        "declined (``status`` 402), the key reused (409)",
        "some stores refuse them (PostgreSQL's text cannot hold NUL)",
    ],
)
def test_each_kind_of_offence_is_caught(line: str) -> None:
    assert _offences(line)
